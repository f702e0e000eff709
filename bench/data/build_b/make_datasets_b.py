"""Build the second labelled set (set B): bench/data/plan_items_tagged_b.jsonl and
plan_items_duplicates_b.jsonl from the hand-written templates in seeds_e/f/g.py. Deterministic (fixed
random seed); run once, output committed. Written after set A, with new templates, five styles of wording
and new places, before the methods were looked at again. Do not regenerate it to suit a method."""

import json
import pathlib
import random
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from seeds_e import SEEDS as E  # noqa: E402
from seeds_f import SEEDS as F  # noqa: E402
from seeds_g import SEEDS as G  # noqa: E402

SEEDS = E + F + G
OUT = HERE.parent
RNG_SEED = 20261207
N_TEST_SEEDS = len(SEEDS) // 3

AREAS = [  # fictional tambon names in real provinces (tambon, amphoe, province); none is in set A's list
    ("หนองกุงใหญ่", "กระนวน", "ขอนแก่น"),
    ("ดอนตะหนิน", "บ้านนาสาร", "สุราษฎร์ธานี"),
    ("แม่ปูคา", "สันกำแพง", "เชียงใหม่"),
    ("โนนรัง", "ชุมพวง", "นครราชสีมา"),
    ("บางกระสอบ", "พระประแดง", "สมุทรปราการ"),
    ("ท่าฉนวน", "กงไกรลาศ", "สุโขทัย"),
    ("หาดทรายรี", "เมืองชุมพร", "ชุมพร"),
    ("เนินทราย", "เมืองตราด", "ตราด"),
    ("นาหว้า", "นาหว้า", "นครพนม"),
    ("ปากแพรก", "ดอนสัก", "สุราษฎร์ธานี"),
    ("ท่าพญา", "ปากพนัง", "นครศรีธรรมราช"),
    ("ห้วยโป่ง", "เมืองแม่ฮ่องสอน", "แม่ฮ่องสอน"),
    ("วังชะพลู", "ขาณุวรลักษบุรี", "กำแพงเพชร"),
    ("หนองอิรุณ", "บ้านบึง", "ชลบุรี"),
    ("เกยไชย", "ชุมแสง", "นครสวรรค์"),
    ("บาละ", "กาบัง", "ยะลา"),
    ("โคกมั่งงอย", "คอนสวรรค์", "ชัยภูมิ"),
    ("ทุ่งใหญ่", "ห้วยคต", "อุทัยธานี"),
    ("ลำลูกบัว", "ดอนตูม", "นครปฐม"),
    ("ดงหมู", "หนองสูง", "มุกดาหาร"),
    ("น้ำพี้", "ทองแสนขัน", "อุตรดิตถ์"),
    ("ท่าหิน", "สทิงพระ", "สงขลา"),
    ("ผาขาว", "ผาขาว", "เลย"),
    ("สองชั้น", "กระสัง", "บุรีรัมย์"),
    ("ระแหง", "ลาดหลุมแก้ว", "ปทุมธานี"),
    ("ชายนา", "เสนา", "พระนครศรีอยุธยา"),
    ("เชียงคาน", "ธาตุพนม", "นครพนม"),
    ("ปะเหลียน", "ปะเหลียน", "ตรัง"),
]
VILLAGES = [
    "โนนงิ้ว",
    "หนองผือ",
    "ท่าม่วง",
    "ดงบัง",
    "หัวฝาย",
    "โคกล่าม",
    "นาคำ",
    "สันทรายหลวง",
    "ป่าเหมือด",
    "ทุ่งสว่าง",
    "คลองขุด",
    "บางเตย",
    "ห้วยทราย",
    "ม่วงชุม",
    "ศรีเมืองแอม",
    "หนองเม็ก",
    "ดอนหัน",
    "ปากน้ำ",
    "วังหิน",
    "สระแก้ว",
    "แม่ตาว",
    "หนองกุง",
    "บ่อทอง",
    "ท่าเดื่อ",
    "เหล่าเหนือ",
    "นาหนองทุ่ม",
    "โพนงาม",
    "หินตั้ง",
    "แสนสุข",
    "ควนลัง",
]
LANDMARKS = [  # temple / school names used in {w}
    "ศรีบุญเรือง",
    "โพธิ์ทอง",
    "ป่าประดู่",
    "สว่างอารมณ์",
    "บ้านโคก",
    "ท่าไม้",
    "ดอนไชย",
    "ใหม่สามัคคี",
    "หนองแสง",
    "ทุ่งศรีเมือง",
    "บางโฉลง",
    "สระเกษ",
]

THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
ARABIC_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
TYPOS = [  # common slips in typed Thai documents (new list, not set A's)
    ("ประชาคม", "ประชาคมม์"),
    ("สาธารณสุข", "สาธารณะสุข"),
    ("อนุญาต", "อนุญาติ"),
    ("ผลิตภัณฑ์", "ผลิตภัณท์"),
    ("โอกาส", "โอกาศ"),
    ("ครัวเรือน", "ครัวเรื่อน"),
    ("คุณภาพ", "คุณภาภ"),
    ("ประสาน", "ประสาณ"),
    ("เกษตรกร", "เกษตกร"),
    ("สนับสนุน", "สนับสนุุน"),
    ("ก่อสร้าง", "ก่อสร้่าง"),
    ("ท่องเที่ยว", "ท่องเทียว"),
    ("ผู้สูงอายุ", "ผู้สุงอายุ"),
    ("อาสาสมัคร", "อาสาสมัคคร"),
    ("งบประมาณ", "งปประมาณ"),
    ("ปรับปรุง", "ปรับปรุ่ง"),
]
ABBREV = [
    ("องค์การบริหารส่วนตำบล", "อบต."),
    ("หมู่ที่ ", "ม."),
    ("โรงพยาบาลส่งเสริมสุขภาพตำบล", "รพ.สต."),
    ("ศูนย์พัฒนาเด็กเล็ก", "ศพด."),
    ("คอนกรีตเสริมเหล็ก", "คสล."),
    ("ผู้สูงอายุ", "ผสอ."),
    ("กิโลเมตร", "กม."),
    ("งบประมาณ", "งปม."),
    ("เมตร", "ม."),
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


def codes_of(s):
    return {c for scheme in ("ns", "mp", "nesdp", "sdg") for c in s.labels[scheme]}


# Every strategy and milestone, and every code that at least three templates carry, must be in both splits.
COMMON = {c for c in set().union(*map(codes_of, SEEDS)) if sum(c in codes_of(s) for s in SEEDS) >= 3}


def choose_test_seeds(rng):
    def covered(group):
        ns = {c for s in group for c in s.labels["ns"]}
        ms = {c for s in group for c in s.labels["nesdp"]}
        return len(ns) == 6 and len(ms) == 13 and set().union(*map(codes_of, group)) >= COMMON

    for _ in range(20_000):
        test = set(rng.sample(range(len(SEEDS)), N_TEST_SEEDS))
        tg = [SEEDS[i] for i in test]
        tr = [SEEDS[i] for i in range(len(SEEDS)) if i not in test]
        if covered(tg) and covered(tr):
            return test
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


def build_items(rng, test_idx):
    train, test = [], []
    for i, s in enumerate(SEEDS):
        for v in range(5):
            ctx = new_ctx(rng, s)
            it = render(rng, s, v, ctx)
            rec = {
                **it,
                "area_hint": area_hint(rng, ctx),
                "labels": s.labels,
                "style": ("formal", "meeting", "budget_line", "agency", "request")[v],
            }
            (test if i in test_idx else train).append(rec)
    return assign_ids(rng, train, test)


def place_slots(s, v):
    return {k for k in ("m", "b", "w") if "{" + k + "}" in "".join(s.texts[v])}


SIBLINGS = {
    frozenset(p)
    for p in [
        ("rail_land_lease", "fire_rebuild"),
        ("toilet_poor", "fire_rebuild"),
        ("layer_chicken_poor", "goat_milk"),
        ("welfare_newborn", "welfare_bookkeeping"),
        ("welfare_newborn", "antenatal_care"),
        ("welfare_newborn", "child_grant_register"),
        ("child_grant_register", "disability_register"),
        ("bedridden_care", "elderly_club_exercise"),
        ("bedridden_care", "ev_patient_van"),
        ("dental_elderly", "elderly_club_exercise"),
        ("ckd_screening", "dental_elderly"),
        ("disability_register", "bedridden_care"),
        ("daycare_renovation", "reading_house"),
        ("youth_coding", "phone_repair_course"),
        ("phone_repair_course", "nfe_short_course"),
        ("solar_installer_training", "solar_pump_farm"),
        ("gov_app_elderly", "scam_awareness"),
        ("football_league", "night_patrol"),
        ("ev_tuktuk", "walking_street"),
        ("ev_farm_tractor", "solar_pump_farm"),
        ("ev_farm_tractor", "drone_pilot"),
        ("border_market", "walking_street"),
        ("farm_collect_point", "parcel_point"),
        ("laterite_field_road", "asphalt_soi"),
        ("laterite_field_road", "box_culvert"),
        ("asphalt_soi", "box_culvert"),
        ("straw_mushroom", "cane_no_burn"),
        ("durian_gap", "cassava_mosaic"),
        ("goat_milk", "jasmine_rice_brand"),
        ("ce_register", "live_selling"),
        ("natural_dye_cloth", "live_selling"),
        ("coop_store", "ce_register"),
        ("birding_trail", "tree_nursery"),
        ("temple_trail", "walking_street"),
        ("temple_trail", "temple_plastic_free"),
        ("herbal_steam_spa", "elderly_club_exercise"),
        ("water_tower", "rain_jars"),
        ("rain_jars", "drought_water_truck"),
        ("weir_repair", "box_culvert"),
        ("evacuation_drill", "landslide_watch"),
        ("tree_nursery", "crab_bank"),
        ("used_cooking_oil", "wet_waste_bins"),
        ("reed_bed_wastewater", "wet_waste_bins"),
        ("night_patrol", "songkran_checkpoint"),
        ("scam_awareness", "legal_clinic"),
        ("project_signboard", "village_plan_review"),
        ("land_tax_online", "gov_app_elderly"),
        ("village_plan_review", "council_assembly"),
        ("council_assembly", "cdd_volunteers"),
        ("village_wifi", "gov_app_elderly"),
        ("village_wifi", "live_selling"),
        ("village_wifi", "youth_coding"),
        ("water_tower", "drought_water_truck"),
        ("jasmine_rice_brand", "straw_mushroom"),
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
    plan = {"test": (44, 38, 28), "train": (88, 77, 55)}
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
    items = build_items(rng, test_idx)
    pairs = build_pairs(rng, test_idx)
    for name, rows in (("plan_items_tagged_b.jsonl", items), ("plan_items_duplicates_b.jsonl", pairs)):
        with open(OUT / name, "w", encoding="utf-8", newline="\n") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        print(name, len(rows))


if __name__ == "__main__":
    main()
