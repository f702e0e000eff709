"""Build the third labelled set (set C, duplicates only): bench/data/plan_items_duplicates_c.jsonl from the
hand-written templates in seeds_h/i/j.py (36 new pieces of work, five wordings each in set B's five styles).
Deterministic (fixed random seed); run once, output committed. Written before any method was run on it and
before the method was changed again. Do not regenerate it to suit a method."""

import json
import pathlib
import random
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from seeds_h import SEEDS as H  # noqa: E402
from seeds_i import SEEDS as I  # noqa: E402
from seeds_j import SEEDS as J  # noqa: E402

SEEDS = H + I + J
OUT = HERE.parent
RNG_SEED = 20261208
N_TEST_GROUPS = 6  # sibling pairs drawn whole for held-out: 12 of the 36 templates

AREAS = [  # fictional tambon names in real provinces (tambon, amphoe, province); none is in set A's or B's list
    ("หนองแวงน้อย", "พล", "ขอนแก่น"),
    ("ควนโพธิ์ใต้", "ทุ่งสง", "นครศรีธรรมราช"),
    ("แม่ข่าใน", "ฝาง", "เชียงใหม่"),
    ("โคกกรวดใหม่", "ปักธงชัย", "นครราชสีมา"),
    ("คลองสวนหมาก", "บางบ่อ", "สมุทรปราการ"),
    ("ท่าทองใหม่", "กาญจนดิษฐ์", "สุราษฎร์ธานี"),
    ("บ้านซ่อง", "พนมสารคาม", "ฉะเชิงเทรา"),
    ("ห้วยยางงาม", "ศรีสงคราม", "นครพนม"),
    ("ดอนแก้วน้อย", "สารภี", "เชียงใหม่"),
    ("นาโพธิ์กลาง", "กุดรัง", "มหาสารคาม"),
    ("เขาพระทอง", "ชะอวด", "นครศรีธรรมราช"),
    ("ปางหมูใหม่", "ปาย", "แม่ฮ่องสอน"),
    ("บึงสามัคคีใต้", "บึงสามัคคี", "กำแพงเพชร"),
    ("หนองซ้ำซาก", "บ้านบึง", "ชลบุรี"),
    ("ท่างามเหนือ", "ในเมือง", "พิษณุโลก"),
    ("ตาเซะ", "เมืองยะลา", "ยะลา"),
    ("กุดตุ้มใหม่", "เมืองชัยภูมิ", "ชัยภูมิ"),
    ("ลานสักใหม่", "ลานสัก", "อุทัยธานี"),
    ("ห้วยพลูใต้", "นครชัยศรี", "นครปฐม"),
    ("คำป่าหลายใหม่", "เมืองมุกดาหาร", "มุกดาหาร"),
    ("บ้านด่านนาขาม", "เมืองอุตรดิตถ์", "อุตรดิตถ์"),
    ("ชะแล้ใหม่", "สิงหนคร", "สงขลา"),
    ("นาดินดำ", "เมืองเลย", "เลย"),
    ("ตะโกตาพิ", "ประโคนชัย", "บุรีรัมย์"),
]
VILLAGES = [
    "โนนสะอาด",
    "หนองบัวแดง",
    "ท่าช้าง",
    "ดงเย็น",
    "หัวนา",
    "โคกสูง",
    "นาเจริญ",
    "สันป่าตอง",
    "ป่าไผ่",
    "ทุ่งรวงทอง",
    "คลองใหม่",
    "บางพลับ",
    "ห้วยหินลาด",
    "ม่วงหวาน",
    "ศรีสุข",
    "หนองคู",
    "ดอนมะเฟือง",
    "ปากคลอง",
    "วังน้ำเย็น",
    "สระบัว",
    "แม่ลาน",
    "หนองแสน",
    "บ่อหิน",
    "ท่าข้าม",
    "เหล่างาม",
    "นาแก",
    "โพธิ์ชัย",
    "หินกอง",
    "แสนตอ",
    "ควนเนียง",
]
LANDMARKS = [  # temple / school names used in {w}
    "ศรีสว่างวงศ์",
    "โพธิ์ศรี",
    "ป่ามะม่วง",
    "อุดมคงคา",
    "หนองหว้า",
    "ท่าเรือ",
    "ดอนขวาง",
    "บูรพาราม",
    "หนองไผ่",
    "ทุ่งโพธิ์",
    "บางมะพร้าว",
    "สระทอง",
]

THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
ARABIC_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
TYPOS = [  # common slips in typed Thai documents (a third list, not set A's or B's)
    ("ผู้ป่วย", "ผู้ปวย"),
    ("อุปกรณ์", "อุปกร"),
    ("มาตรฐาน", "มาตราฐาน"),
    ("ประชุม", "ประชุ่ม"),
    ("สมาชิก", "สมาขิก"),
    ("โรงเรียน", "โรงเรีียน"),
    ("ผลผลิต", "ผลผลิด"),
    ("อุบัติเหตุ", "อุบัติเหต"),
    ("ค่าใช้จ่าย", "ค่าใช้จาย"),
    ("ติดตั้ง", "ติดตัง"),
    ("เกษตรกร", "เกษตรกรร"),
    ("หมู่บ้าน", "หมู่บ้้าน"),
    ("ความปลอดภัย", "ความปลอภัย"),
    ("ประปา", "ประปร"),
]
ABBREV = [
    ("องค์การบริหารส่วนตำบล", "อบต."),
    ("หมู่ที่ ", "ม."),
    ("ศูนย์พัฒนาเด็กเล็ก", "ศพด."),
    ("โรงเรียนบ้าน", "รร.บ้าน"),
    ("วิสาหกิจชุมชน", "วสช."),
    ("กิโลวัตต์", "kW"),
    ("ครัวเรือน", "คร."),
    ("งบประมาณ", "งป."),
    ("เมตร", "ม."),
    ("ผู้สูงอายุ", "ผส."),
]
BUDGET_PREFIX = ["", "", "", "งบ ", "ตั้งไว้ ", "ขอรับการสนับสนุน ", "(แผนงานเคหะและชุมชน) ", "ข้อบัญญัติปี {y2}: "]


def money(rng, v):
    style = rng.random()
    if style < 0.35:
        return f"{v:,} บาท"
    if style < 0.47:
        return f"{v:,}.-"
    if style < 0.57:
        return f"{v:,} บ."
    if style < 0.67 and v >= 1_000_000:
        return f"{v / 1_000_000:.2f} ลบ.".replace(".00 ", " ")
    if style < 0.77 and v % 1_000 == 0:
        return f"{v // 1_000:,} พันบาท" if v < 100_000 else f"{v / 1_000_000:g} ล้านบาท"
    if style < 0.87:
        return f"{v} บาท"
    return f"{v:,} บาท (งบ อบต.)" if rng.random() < 0.5 else f"{v:,} บาท (สมทบ {rng.choice([10, 20, 30])}%)"


def new_ctx(rng, seed, area=None):
    t, a, p = area or rng.choice(AREAS)
    lo, hi = seed.n
    n = rng.randint(lo, hi)
    if n > 100 and rng.random() < 0.7:
        n = round(n, -1) if n < 1000 else round(n, -2)
    blo, bhi = seed.bud
    bud = rng.randrange(blo, bhi)
    bud = round(bud, -4) if bud > 200_000 else round(bud, -3)
    return {
        "t": t,
        "a": a,
        "p": p,
        "m": rng.randint(1, 16),
        "b": rng.choice(VILLAGES),
        "w": rng.choice(LANDMARKS),
        "n": n,
        "bud": bud,
        "y": rng.choice([2567, 2568, 2569, 2570]),
        "g": "",
        "loc": rng.random() < 0.35,
    }


def fill(tmpl, ctx):
    vals = {
        "t": ctx["t"],
        "a": ctx["a"],
        "p": ctx["p"],
        "m": str(ctx["m"]),
        "b": ctx["b"],
        "w": ctx["w"],
        "n": f"{ctx['n']:,}" if ctx["n"] >= 1_000 else str(ctx["n"]),
        "bud": ctx["bud_text"],
        "y": str(ctx["y"]),
        "g": ctx["g"],
    }
    return tmpl.format(**vals)


def render(rng, seed, variant, ctx):
    """variant: 0 formal, 1 meeting note, 2 budget line, 3 agency line, 4 request."""
    ctx = dict(ctx)
    ctx["bud_text"] = money(rng, ctx["bud"])
    title_t, detail_t = seed.texts[variant]
    title, detail = fill(title_t, ctx), fill(detail_t, ctx)
    if variant == 2:
        pre = rng.choice(BUDGET_PREFIX).format(y2=str(ctx["y"])[2:])
        if "{bud}" in detail_t and pre:
            detail = detail.replace(ctx["bud_text"], pre + ctx["bud_text"], 1)
        if rng.random() < 0.3:
            title = f"{rng.randint(1, 12)}.{rng.randint(1, 9)} " + title
    elif "{bud}" not in title_t + detail_t and rng.random() < 0.3:
        detail += {0: " งบประมาณ ", 1: " ประมาณการไว้ ", 3: " วงเงิน ", 4: " ขอ "}[variant] + ctx["bud_text"]
    if ctx.get("loc") and not re.search(r"\{[mbw]\}", title_t + detail_t):
        place = [
            f"หมู่ที่ {ctx['m']} บ้าน{ctx['b']}",
            f"ม.{ctx['m']}",
            f"ม.{ctx['m']} บ.{ctx['b']}",
            f"บ้าน{ctx['b']} หมู่ {ctx['m']}",
            f"บ้าน{ctx['b']}",
        ][variant]
        detail += {0: " (พื้นที่ดำเนินการ " + place + ")", 2: " " + place, 3: " พื้นที่ " + place}.get(variant, " ที่" + place)
    if variant == 0 and rng.random() < 0.25:
        detail += f" ปีงบประมาณ {ctx['y']}"
    if variant == 1 and rng.random() < 0.3:
        title += f" ({rng.randint(1, 28)} {rng.choice(['ม.ค.', 'มี.ค.', 'พ.ค.', 'ก.ค.', 'ส.ค.', 'ต.ค.', 'ธ.ค.'])} {str(ctx['y'] - 1)[2:]})"
    if variant != 0:
        for long, short in [*ABBREV, ("บ้าน" + ctx["b"], "บ." + ctx["b"])]:
            if rng.random() < 0.45:
                title, detail = title.replace(long, short), detail.replace(long, short)
    if rng.random() < 0.12:
        for right, wrong in rng.sample(TYPOS, len(TYPOS)):
            if right in title + detail:
                title, detail = title.replace(right, wrong, 1), detail.replace(right, wrong, 1)
                break
    if (variant in (0, 2) and rng.random() < 0.2) or rng.random() < 0.05:
        title, detail = title.translate(THAI_DIGITS), detail.translate(THAI_DIGITS)
    return {
        "title_th": re.sub(r"\s+", " ", title).strip(),
        "detail_th": re.sub(r"\s+", " ", detail).strip(),
        "body_kind": seed.bodies[variant],
    }


def area_hint(rng, ctx):
    k = rng.random()
    if k < 0.5:
        return f"ต.{ctx['t']} อ.{ctx['a']} จ.{ctx['p']}"
    if k < 0.8:
        return f"ตำบล{ctx['t']} อำเภอ{ctx['a']} {ctx['p']}"
    return f"{ctx['t']} {ctx['a']} {ctx['p']}"


def choose_test_seeds(rng):
    """Whole sibling groups go to the held-out split, so that its hard negatives can be related work."""
    groups = sorted({tuple(sorted(p)) for p in SIBLINGS})
    keys = [s.key for s in SEEDS]
    for _ in range(1000):
        chosen = rng.sample(groups, N_TEST_GROUPS)
        picked = {k for g in chosen for k in g}
        if len(picked) != 2 * N_TEST_GROUPS:
            continue
        topics = {s.topic for s in SEEDS if s.key in picked}
        if len(topics) >= 5:  # easy negatives need several topics
            return {keys.index(k) for k in picked}
    raise SystemExit("no split found")


def assign_ids(rng, train, test):
    rng.shuffle(train)
    rng.shuffle(test)
    total = len(train) + len(test)
    assert total % 3 == 0 and len(test) == total // 3, (len(train), len(test))
    out, it, ie = [], iter(train), iter(test)
    for i in range(1, total + 1):
        rec = next(ie) if i % 3 == 0 else next(it)
        out.append({"id": i, **rec, "split": "test" if i % 3 == 0 else "train"})
    return out


def place_slots(s, v):
    return {k for k in ("m", "b", "w") if "{" + k + "}" in "".join(s.texts[v])}


SIBLINGS = {
    frozenset(p)
    for p in [
        ("home_adapt_elderly", "assistive_device_bank"),
        ("funeral_fund", "crematorium_upgrade"),
        ("cataract_screen", "reading_glasses"),
        ("bp_monitor_village", "cpr_training"),
        ("swim_lessons", "pond_fence"),
        ("school_veg_garden", "student_van"),
        ("homestay_english", "young_guides"),
        ("cricket_farm", "fish_cage"),
        ("rubber_smoke_house", "palm_ramp"),
        ("stingless_bee", "longan_dryer"),
        ("chili_paste", "packaging_label"),
        ("hyacinth_clear", "trash_boom"),
        ("solar_rooftop", "led_streetlight"),
        ("speed_bumps", "convex_mirror"),
        ("water_filter", "water_meter"),
        ("loudspeaker_tower", "line_news_group"),
    ]
}


def dup_pair(rng, s):
    ctx = new_ctx(rng, s)
    pairs = [(i, j) for i in range(5) for j in range(5) if i != j and s.bodies[i] != s.bodies[j]]
    i, j = rng.choice(pairs)
    a = render(rng, s, i, ctx)
    ctx_b = dict(ctx)
    if rng.random() < 0.35:  # the other body works from another budget figure
        ctx_b["bud"] = int(round(ctx["bud"] * rng.choice([0.6, 0.75, 0.8, 0.9, 1.1, 1.2, 1.3, 1.5]), -3))
    if rng.random() < 0.5:
        ctx_b["loc"] = rng.random() < 0.35
    b = render(rng, s, j, ctx_b)
    return ctx, a, b


def hard_pair(rng, s, siblings):
    ctx = new_ctx(rng, s)
    if siblings and rng.random() < 0.5:
        s2 = rng.choice(siblings)
        ctx2 = new_ctx(rng, s2, (ctx["t"], ctx["a"], ctx["p"]))
        ctx2.update(m=ctx["m"], b=ctx["b"], w=ctx["w"], y=ctx["y"], loc=ctx["loc"])
        return ctx, render(rng, s, rng.randrange(5), ctx), render(rng, s2, rng.randrange(5), ctx2)
    pairs = [(i, j) for i in range(5) for j in range(5)]
    rng.shuffle(pairs)
    if rng.random() < 0.75:  # mostly two wordings; sometimes one wording copied for another place
        pairs.sort(key=lambda p: p[0] == p[1])
    i, j = pairs[0]
    ctx_b = dict(ctx)
    ctx_b["m"] = rng.choice([m for m in range(1, 17) if m != ctx["m"]])
    ctx_b["b"] = rng.choice([v for v in VILLAGES if v != ctx["b"]])
    ctx_b["w"] = rng.choice([v for v in LANDMARKS if v != ctx["w"]])
    if not (place_slots(s, i) and place_slots(s, j)):
        ctx["loc"] = ctx_b["loc"] = True  # the place must show in both texts
    if rng.random() < 0.5:  # another site usually has its own size and cost
        lo, hi = s.n
        ctx_b["n"] = rng.randint(lo, hi)
        ctx_b["bud"] = round(rng.randrange(*s.bud), -3)
    a, b = render(rng, s, i, ctx), render(rng, s, j, ctx_b)
    ta = (a["title_th"] + " " + a["detail_th"]).translate(ARABIC_DIGITS)
    tb = (b["title_th"] + " " + b["detail_th"]).translate(ARABIC_DIGITS)

    def shows(c, text):
        return c["b"] in text or c["w"] in text or re.search(rf"(ม\.|หมู่ที่ |หมู่ ){c['m']}(?!\d)", text) is not None

    assert shows(ctx, ta) and shows(ctx_b, tb), (s.key, ta, tb)
    return ctx, a, b


def easy_pair(rng, s, pool):
    s2 = rng.choice([x for x in pool if x.topic != s.topic])
    ctx = new_ctx(rng, s)
    ctx2 = new_ctx(rng, s2, (ctx["t"], ctx["a"], ctx["p"]))
    return ctx, render(rng, s, rng.randrange(5), ctx), render(rng, s2, rng.randrange(5), ctx2)


def build_pairs(rng, test_idx):
    groups = {
        "test": [SEEDS[i] for i in sorted(test_idx)],
        "train": [SEEDS[i] for i in range(len(SEEDS)) if i not in test_idx],
    }
    plan = {"test": (42, 36, 26), "train": (84, 72, 52)}
    out = {}
    for split, seeds in groups.items():
        n_dup, n_hard, n_easy = plan[split]
        recs = []
        order = seeds[:]
        rng.shuffle(order)
        for k in range(n_dup):
            ctx, a, b = dup_pair(rng, order[k % len(order)])
            recs.append((ctx, a, b, True, "duplicate"))
        rng.shuffle(order)
        sibs = {s.key: [x for x in seeds if frozenset((s.key, x.key)) in SIBLINGS] for s in seeds}
        for k in range(n_hard):
            s = order[k % len(order)]
            ctx, a, b = hard_pair(rng, s, sibs[s.key])
            recs.append((ctx, a, b, False, "hard_negative"))
        rng.shuffle(order)
        for k in range(n_easy):
            ctx, a, b = easy_pair(rng, order[k % len(order)], seeds)
            recs.append((ctx, a, b, False, "easy_negative"))
        out[split] = []
        for ctx, a, b, dup, kind in recs:
            if rng.random() < 0.5:
                a, b = b, a
            out[split].append({"area_hint": area_hint(rng, ctx), "a": a, "b": b, "duplicate": dup, "kind": kind})
    return assign_ids(rng, out["train"], out["test"])


def main():
    rng = random.Random(RNG_SEED)
    test_idx = choose_test_seeds(rng)
    pairs = build_pairs(rng, test_idx)
    with open(OUT / "plan_items_duplicates_c.jsonl", "w", encoding="utf-8", newline="\n") as f:
        for r in pairs:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print("plan_items_duplicates_c.jsonl", len(pairs), "held-out templates:", sorted(SEEDS[i].key for i in test_idx))


if __name__ == "__main__":
    main()
