"""Build the fourth labelled set (set D, duplicates only, ALL HELD-OUT): bench/data/plan_items_duplicates_d.jsonl
from the hand-written templates in seeds_k/l.py (32 new pieces of work in 16 related pairs, six wordings each in
six styles: formal plan item, meeting minute, budget line, KPI line, villagers' request, agency project title).

Deterministic (fixed random seed); run once, output committed. Written before any method was run on it and
before the method was changed again. Do not regenerate it to suit a method. Every pair is held-out
("split": "test"): set D is for evaluation only.

What is new against sets A-C (besides the templates): a sixth style (an agency's own project title), meeting
*minutes* (agenda item and resolution) instead of colloquial notes, the moo written four ways (หมู่ที่ 4 / ม.4 /
หมู่ 4 / ม. 4) and the village three (บ้านX / บ.X / หมู่บ้านX) independently in each text, measures whose unit
changes between the two write-ups of one work (450 เมตร / 450 ม. / 0.45 กม.; 120 ไร่ / 192,000 ตร.ม.), sums
with the amount in Thai words ("(สี่แสนบาทถ้วน)") or in แสน, short fiscal years ("ปีงบฯ 69"), a fourth typo
list, and a third kind of hard negative: **the same work at the same place in another year with another
quantity** (next year's batch or phase), with the year written in both texts."""

import pathlib
import random
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]  # the seeds, and build_common.py in bench/data
from build_common import ARABIC_DIGITS, THAI_DIGITS, PairSet, abbreviate, add_typo, item, write_jsonl  # noqa: E402
from seedlib_d import STYLES_D  # noqa: E402
from seeds_k import SEEDS as K  # noqa: E402
from seeds_l import SEEDS as L  # noqa: E402

SEEDS = K + L
OUT = HERE.parent
RNG_SEED = 20261209
PLAN = (132, 114, 84)  # duplicates, hard negatives, easy negatives (all held-out)
HARD_MIX = (0.40, 0.35)  # share of hard negatives: related work at the same place, same work at another place;
# the rest: the same work at the same place in another year with another quantity

AREAS = [  # fictional tambon names in real provinces (tambon, amphoe, province); none is in set A's, B's or C's list
    ("หนองเม็กใหม่", "นาเชือก", "มหาสารคาม"),
    ("โพนงามเหนือ", "กมลาไสย", "กาฬสินธุ์"),
    ("ห้วยตะเคียนทอง", "ด่านมะขามเตี้ย", "กาญจนบุรี"),
    ("บางน้ำผึ้งใน", "พระประแดง", "สมุทรปราการ"),
    ("ทุ่งลุยลายใหม่", "คอนสาร", "ชัยภูมิ"),
    ("แม่สาบน้อย", "สะเมิง", "เชียงใหม่"),
    ("บ่อแร่ใหม่", "วัดสิงห์", "ชัยนาท"),
    ("ควนกาหลงใต้", "ควนกาหลง", "สตูล"),
    ("สระโพนทองใหม่", "เกษตรวิสัย", "ร้อยเอ็ด"),
    ("ท่าตะเภาใหม่", "เมืองชุมพร", "ชุมพร"),
    ("หนองหญ้าปล้องใหม่", "หนองหญ้าปล้อง", "เพชรบุรี"),
    ("นาหินลาด", "ปากพลี", "นครนายก"),
    ("ดอนโมงใหม่", "หนองสองห้อง", "ขอนแก่น"),
    ("เวียงหนองล่องใหม่", "เวียงหนองล่อง", "ลำพูน"),
    ("ปากพูนใต้", "เมืองนครศรีธรรมราช", "นครศรีธรรมราช"),
    ("โคกตูมใหม่", "ปราสาท", "สุรินทร์"),
    ("บางปลาม้าใน", "บางปลาม้า", "สุพรรณบุรี"),
    ("ห้วยข่าใหม่", "บุณฑริก", "อุบลราชธานี"),
    ("ท่ากระดานน้อย", "สนามชัยเขต", "ฉะเชิงเทรา"),
    ("นาทรายทอง", "เมืองน่าน", "น่าน"),
    ("คลองขุดใหม่", "เมืองสตูล", "สตูล"),
    ("หนองบัวโคก", "จัตุรัส", "ชัยภูมิ"),
]
VILLAGES = [
    "โนนงาม",
    "หนองตะไก้",
    "ดอนหัน",
    "นาคำ",
    "โคกล่าม",
    "ท่าลาด",
    "ป่าหวาย",
    "สันทราย",
    "หนองเต่า",
    "คลองตาล",
    "บางเตย",
    "ห้วยยาง",
    "วังหิน",
    "ดงบัง",
    "หนองผือ",
    "โพนสูง",
    "ทุ่งมน",
    "หัวดอน",
    "ปากห้วย",
    "สระแก้ว",
    "แม่ตื่น",
    "นาหนองทุ่ม",
    "บ่อทอง",
    "ท่ามะไฟ",
    "นาเยีย",
    "ควนลัง",
    "หนองโดน",
    "ดอนปู่ตา",
]
LANDMARKS = [  # temple names used in {w}
    "ศรีบุญเรือง",
    "ป่าประดู่",
    "โนนสว่าง",
    "ท่าสุทธาวาส",
    "หนองบัวทอง",
    "สว่างอารมณ์",
    "กลางทุ่ง",
    "ดอนไชย",
    "บางเตยใน",
    "ราษฎร์ศรัทธา",
    "ห้วยทรายขาว",
    "ประชานิมิต",
]
TYPOS = [  # common slips in typed Thai documents (a fourth list, none in sets A-C's)
    ("สัญญาณ", "สัญญาน"),
    ("ปัตตาเลี่ยน", "ปัตตะเลี่ยน"),
    ("อะลูมิเนียม", "อลูมิเนียม"),
    ("วิทยากร", "วิทยากรณ์"),
    ("ครุภัณฑ์", "ครุภัณฒ์"),
    ("บรรจุภัณฑ์", "บรรจุภัณ"),
    ("ผู้ประสบ", "ผู้ประสพ"),
    ("กิจกรรม", "กิจกรม"),
    ("คอนกรีต", "คอนกรีด"),
    ("ประสาน", "ประสาร"),
    ("อนุรักษ์", "อนุรักษ"),
    ("เยาวชน", "เยาวชล"),
    ("สนับสนุน", "สนับสนุณ"),
    ("ฝุ่นละออง", "ฝุ่นละอง"),
    ("เกษตรกร", "เกษตรกรณ์"),
]
ABBREV = [
    ("องค์การบริหารส่วนตำบล", "อบต."),
    ("ศูนย์พัฒนาเด็กเล็ก", "ศพด."),
    ("คอนกรีตเสริมเหล็ก", "คสล."),
    ("กิโลกรัม", "กก."),
    ("ชั่วโมง", "ชม."),
    ("อาสาสมัคร", "อส."),
    ("ประชาชน", "ปชช."),
    ("สาธารณสุขอำเภอ", "สสอ."),
    ("โรงพยาบาล", "รพ."),
    ("จังหวัด", "จ."),
    ("ปีงบประมาณ", "ปีงบฯ"),
]
SIBLINGS = [
    ("hearing_aids", "adult_diapers"),
    ("foot_care_diabetic", "stroke_warning"),
    ("school_lunch", "playground"),
    ("straw_baler", "seedling_tray_rice"),
    ("silkworm", "sa_paper"),
    ("frog_farming", "catfish_tarp"),
    ("palm_sugar", "salted_egg"),
    ("soil_test_fertilizer", "dolomite_lime"),
    ("gabion_bank", "boat_landing"),
    ("village_gate", "bus_shelter"),
    ("road_watering", "clean_room"),
    ("elephant_watch", "salt_lick"),
    ("barber_course", "dessert_course"),
    ("folk_band", "elderly_dance"),
    ("sports_equipment", "outdoor_gym"),
    ("rescue_boat", "sandbags"),
]
ONCE_ONLY = {"village_gate", "bus_shelter", "playground", "clean_room", "rescue_boat"}  # not redone next year
Q_RANGE = {"gabion_bank": (80, 600), "boat_landing": (12, 60)}  # metres

THAI_UNITS = ["", "สิบ", "ร้อย", "พัน", "หมื่น", "แสน"]
THAI_NUM = ["", "หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "หก", "เจ็ด", "แปด", "เก้า"]


def thai_words(v):
    """A whole number of baht in Thai words ("สี่แสนห้าหมื่นบาทถ้วน"), as written beside the figure on forms."""

    def below_million(x):
        out = ""
        digits = str(x)[::-1]
        for i, d in enumerate(map(int, digits)):
            if d == 0:
                continue
            if i == 0 and d == 1 and x > 10:
                word = "เอ็ด"
            elif i == 1 and d == 2:
                word = "ยี่"
            elif i == 1 and d == 1:
                word = ""
            else:
                word = THAI_NUM[d]
            out = word + THAI_UNITS[i] + out
        return out

    m, r = divmod(v, 1_000_000)
    s = (below_million(m) + "ล้าน" if m else "") + below_million(r)
    return s + "บาทถ้วน"


def shows_year(y, text):
    return (
        re.search(rf"(?<!\d){y}(?!\d)", text) is not None or re.search(rf"ปี\S*\s?{str(y)[2:]}(?!\d)", text) is not None
    )


def money(rng, v):
    k = rng.random()
    if k < 0.30:
        return f"{v:,} บาท"
    if k < 0.40:
        return f"{v:,}.00 บาท"
    if k < 0.50:
        return f"{v:,} บาท ({thai_words(v)})"
    if k < 0.60 and v % 10_000 == 0 and 100_000 <= v < 1_000_000:
        return f"{v / 100_000:g} แสนบาท"
    if k < 0.68 and v >= 100_000:
        return f"{v / 1_000_000:g} ล้านบาท"
    if k < 0.78:
        return f"{v:,} บ."
    if k < 0.88:
        return f"{v}.-"
    return f"งบ {v:,}"


def measure(rng, unit, v, variant):
    """A measure with its unit, written as that kind of text writes it."""
    if unit == "m":
        forms = [f"{v:,} เมตร", f"{v:,} ม.", f"{v / 1000:g} กม.", f"{v} เมตร"]
        weights = [4, 3, 2 if variant in (2, 3, 5) else 1, 2]
    else:  # rai
        forms = [f"{v:,} ไร่", f"{v} ไร่", f"{v:,} ไร่ 0 งาน", f"{v * 1600:,} ตร.ม.", f"ประมาณ {v} ไร่"]
        weights = [4, 3, 1, 1 if variant in (2, 3) else 0, 2 if variant in (1, 4) else 0]
    return rng.choices(forms, weights)[0]


MOO_FORMS = ["หมู่ที่ {}", "ม.{}", "หมู่ {}", "ม. {}"]
VILLAGE_FORMS = ["บ้าน{}", "บ.{}", "หมู่บ้าน{}"]
YEAR_TAGS = {  # how each style writes the year when it must show (the other-year hard negatives)
    0: [" ปีงบประมาณ พ.ศ. {y}", " ประจำปีงบประมาณ {y}"],
    1: [" (ดำเนินการปีงบ {yy})", " ให้ทำในปี {y}"],
    2: [" ปี {yy}", " (ข้อบัญญัติ {y})"],
    3: [" ปี {y}", " ปีงบฯ {yy}"],
    4: [" ในปี {y}", " ขอปีงบ {yy}"],
    5: [" ({y})"],
}


class SixStyles(PairSet):
    n_styles = 6
    styles = STYLES_D

    def __init__(self):
        self.siblings = frozenset(frozenset(p) for p in SIBLINGS)
        self.by_key = {s.key: s for s in SEEDS}

    def new_ctx(self, rng, s, area=None):
        t, a, p = area or rng.choice(AREAS)
        n = rng.randint(*s.n)
        if n > 100 and rng.random() < 0.7:
            n = round(n, -1) if n < 1000 else round(n, -2)
        bud = rng.randrange(*s.bud)
        bud = round(bud, -4) if bud > 200_000 else round(bud, -3)
        q = n  # the measure is the count unless the template has its own range (metres)
        if s.key in Q_RANGE:
            q = round(rng.randint(*Q_RANGE[s.key]), -1 if Q_RANGE[s.key][1] > 100 else 0)
        return {
            "t": t,
            "a": a,
            "p": p,
            "m": rng.randint(1, 18),
            "b": rng.choice(VILLAGES),
            "w": rng.choice(LANDMARKS),
            "n": n,
            "q": q,
            "bud": bud,
            "y": rng.choice([2568, 2569, 2570]),
            "loc": rng.random() < 0.35,
            "year": False,  # the year must be written (other-year hard negatives)
        }

    def render(self, rng, s, v, ctx):
        title_t, detail_t = s.texts[v]
        short_year = v in (1, 2, 4) and rng.random() < 0.4
        vals = {
            "t": ctx["t"],
            "a": ctx["a"],
            "p": ctx["p"],
            "m": str(ctx["m"]),
            "b": ctx["b"],
            "w": ctx["w"],
            "n": f"{ctx['n']:,}" if ctx["n"] >= 1_000 else str(ctx["n"]),
            "q": measure(rng, s.unit, ctx["q"], v) if s.unit else "",
            "bud": money(rng, ctx["bud"]),
            "y": str(ctx["y"])[2:] if short_year else str(ctx["y"]),
        }
        title, detail = title_t.format(**vals), detail_t.format(**vals)
        if "{bud}" not in title_t + detail_t and rng.random() < 0.35:
            detail += {0: " งบประมาณ ", 1: " ประมาณการ ", 3: " ใช้งบ ", 4: " ขอประมาณ ", 5: " วงเงิน "}.get(
                v, " "
            ) + vals["bud"].removeprefix("งบ ")
        if v == 2 and rng.random() < 0.35:
            title = f"{rng.randint(1, 9)}.{rng.randint(1, 6)}.{rng.randint(1, 12)} " + title
        if v == 1 and rng.random() < 0.4:
            title = f"ประชุมครั้งที่ {rng.randint(1, 12)}/{str(ctx['y'] - 1)[2:]} " + title
        if ctx.get("loc") and not re.search(r"\{[mbw]\}", title_t + detail_t):
            place = rng.choice([f"หมู่ที่ {ctx['m']} บ้าน{ctx['b']}", f"บ้าน{ctx['b']}", f"หมู่ที่ {ctx['m']}"])
            detail += {0: " พื้นที่ดำเนินการ ", 2: " ", 3: " พื้นที่ ", 5: " พื้นที่ "}.get(v, " ที่") + place
        if ctx.get("year") and not shows_year(ctx["y"], (title + " " + detail).translate(ARABIC_DIGITS)):
            tag = rng.choice(YEAR_TAGS[v]).format(y=ctx["y"], yy=str(ctx["y"])[2:])
            detail += tag
        # the moo and the village, each written one way in this text
        moo = rng.choice(MOO_FORMS if v != 0 else MOO_FORMS[:1] * 3 + MOO_FORMS[1:])
        detail = re.sub(r"(หมู่ที่ |ม\.|หมู่ )(\d+)", lambda m_: moo.format(m_.group(2)), detail)
        title = re.sub(r"(หมู่ที่ |ม\.|หมู่ )(\d+)", lambda m_: moo.format(m_.group(2)), title)
        vill = rng.choice(VILLAGE_FORMS if v != 0 else VILLAGE_FORMS[:1])
        village = re.compile(r"(?<!แม่)บ้าน" + ctx["b"])  # not แม่บ้าน (housewives) before the name
        title = village.sub(vill.format(ctx["b"]), title)
        detail = village.sub(vill.format(ctx["b"]), detail)
        if v != 0:
            title, detail = abbreviate(rng, title, detail, ABBREV, 0.4)
        title, detail = add_typo(rng, title, detail, TYPOS, 0.12)
        if (v in (0, 2, 5) and rng.random() < 0.2) or rng.random() < 0.05:
            title, detail = title.translate(THAI_DIGITS), detail.translate(THAI_DIGITS)
        rec = item(title, detail, s.bodies[v])
        rec["style"] = STYLES_D[v]
        return rec

    @staticmethod
    def area_hint(rng, ctx):
        k = rng.random()
        if k < 0.45:
            return f"ต.{ctx['t']} อ.{ctx['a']} จ.{ctx['p']}"
        if k < 0.75:
            return f"ตำบล{ctx['t']} อำเภอ{ctx['a']} จังหวัด{ctx['p']}"
        return f"{ctx['t']}, {ctx['a']}, {ctx['p']}"

    def dup_pair(self, rng, s):
        ctx = self.new_ctx(rng, s)
        pairs = [(i, j) for i in range(6) for j in range(6) if i != j and s.bodies[i] != s.bodies[j]]
        i, j = rng.choice(pairs)
        a = self.render(rng, s, i, ctx)
        ctx_b = dict(ctx)
        if rng.random() < 0.35:  # the other body works from another budget figure
            ctx_b["bud"] = int(round(ctx["bud"] * rng.choice([0.5, 0.7, 0.8, 0.9, 1.1, 1.25, 1.4]), -3))
        if rng.random() < 0.5:
            ctx_b["loc"] = rng.random() < 0.35
        return ctx, a, self.render(rng, s, j, ctx_b)

    @staticmethod
    def _common_place(c1, t1, c2, t2):
        """Both texts write the moo number, or both the village name, or both the temple, and they differ."""

        def moo(c, t):
            return re.search(rf"(ม\. ?|หมู่ที่ |หมู่ ){c['m']}(?!\d)", t) is not None

        return (
            (moo(c1, t1) and moo(c2, t2))
            or (c1["b"] in t1 and c2["b"] in t2)
            or ("วัด" + c1["w"] in t1 and "วัด" + c2["w"] in t2)
        )

    def hard_pair(self, rng, s, sibs):
        ctx = self.new_ctx(rng, s)
        k = rng.random()
        if k < HARD_MIX[0]:  # related work at the same place and year
            s2 = sibs[0]
            ctx2 = self.new_ctx(rng, s2, (ctx["t"], ctx["a"], ctx["p"]))
            ctx2.update(m=ctx["m"], b=ctx["b"], w=ctx["w"], y=ctx["y"], loc=ctx["loc"])
            return (
                ctx,
                self.render(rng, s, rng.randrange(6), ctx),
                self.render(rng, s2, rng.randrange(6), ctx2),
                "related_work_same_place",
            )
        pairs = [(i, j) for i in range(6) for j in range(6)]
        rng.shuffle(pairs)
        if rng.random() < 0.75:  # mostly two wordings; sometimes one wording copied
            pairs.sort(key=lambda p: p[0] == p[1])
        i, j = pairs[0]
        ctx_b = dict(ctx)
        if k < HARD_MIX[0] + HARD_MIX[1] or s.key in ONCE_ONLY:  # the same work at another place
            why = "same_work_other_place"
            ctx_b["m"] = rng.choice([m for m in range(1, 19) if m != ctx["m"]])
            ctx_b["b"] = rng.choice([x for x in VILLAGES if x != ctx["b"]])
            ctx_b["w"] = rng.choice([x for x in LANDMARKS if x != ctx["w"]])
            ctx["loc"] = ctx_b["loc"] = True
            if rng.random() < 0.5:
                other = self.new_ctx(rng, s)
                ctx_b.update(n=other["n"], q=other["q"], bud=other["bud"])
        else:  # the same work at the same place in another year: next year's batch or phase
            why = "same_work_other_year"
            other = self.new_ctx(rng, s)
            while other["q"] == ctx["q"] or other["n"] == ctx["n"]:
                other = self.new_ctx(rng, s)
            ctx_b.update(n=other["n"], q=other["q"], bud=other["bud"], y=ctx["y"] + rng.choice([-1, 1]))
            ctx["year"] = ctx_b["year"] = True
        for attempt in range(60):  # another place must be told by one kind of place name that both texts write
            if attempt % 3 == 2:  # these two wordings may never write the same kind: take the next pair
                i, j = pairs[(attempt // 3 + 1) % len(pairs)]
            a, b = self.render(rng, s, i, ctx), self.render(rng, s, j, ctx_b)
            ta = (a["title_th"] + " " + a["detail_th"]).translate(ARABIC_DIGITS)
            tb = (b["title_th"] + " " + b["detail_th"]).translate(ARABIC_DIGITS)
            if why != "same_work_other_place" or self._common_place(ctx, ta, ctx_b, tb):
                break
        else:
            raise AssertionError((s.key, ta, tb))
        if why == "same_work_other_year":
            for c, t in ((ctx, ta), (ctx_b, tb)):
                assert shows_year(c["y"], t), (s.key, t)
        return ctx, a, b, why

    def build(self, rng):
        n_dup, n_hard, n_easy = PLAN
        order = SEEDS[:]
        rng.shuffle(order)
        recs = []
        for k in range(n_dup):
            ctx, a, b = self.dup_pair(rng, order[k % len(order)])
            recs.append((ctx, a, b, True, "duplicate", None))
        rng.shuffle(order)
        for k in range(n_hard):
            s = order[k % len(order)]
            sibs = [self.by_key[x] for p in SIBLINGS for x in p if s.key in p and x != s.key]
            ctx, a, b, why = self.hard_pair(rng, s, sibs)
            recs.append((ctx, a, b, False, "hard_negative", why))
        rng.shuffle(order)
        for k in range(n_easy):
            ctx, a, b = self.easy_pair(rng, order[k % len(order)], SEEDS)
            recs.append((ctx, a, b, False, "easy_negative", None))
        rng.shuffle(recs)
        out = []
        for i, (ctx, a, b, dup, kind, why) in enumerate(recs, 1):
            if rng.random() < 0.5:
                a, b = b, a
            rec = {"id": i, "area_hint": self.area_hint(rng, ctx), "a": a, "b": b, "duplicate": dup, "kind": kind}
            if why:
                rec["hard"] = why
            rec["split"] = "test"
            out.append(rec)
        return out


def main():
    rng = random.Random(RNG_SEED)
    pairs = SixStyles().build(rng)
    write_jsonl(OUT / "plan_items_duplicates_d.jsonl", pairs)
    hard = {}
    for p in pairs:
        if p.get("hard"):
            hard[p["hard"]] = hard.get(p["hard"], 0) + 1
    print(
        "plan_items_duplicates_d.jsonl", len(pairs), "pairs;", sum(p["duplicate"] for p in pairs), "duplicates;", hard
    )


if __name__ == "__main__":
    main()
