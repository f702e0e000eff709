"""Build the fifth labelled set (set E, duplicates only, ALL HELD-OUT): bench/data/plan_items_duplicates_e.jsonl
from the hand-written templates in seeds_m/n.py (28 new pieces of work in 14 related pairs, seven wordings each in
seven styles: formal tambon plan item, meeting minute, budget line, KPI line, villagers' request in spoken Thai,
agency project title, CODI-style proposal title), and bench/data/template_keys_e.json (the template of each
pair's two items, in template_keys.py's scheme, for grouped cross-validation).

Deterministic (fixed random seed); run once, output committed. Written blind to the duplicate-detection method:
its code, its tuning and its errors on sets A-D were not read, and no method was run on set E. Do not regenerate
it to suit a method. Every pair is held-out ("split": "test").

What is new against sets A-D (besides the templates): a seventh style (a tambon council's or network's proposal
title, as sent to CODI or into the tambon plan); formal items write agency names in full (โรงพยาบาลส่งเสริมสุขภาพ
ตำบล, ศูนย์การศึกษานอกระบบ…) where the other styles abbreviate them (รพ.สต., กศน., อสม., กฟภ.); the village is
sometimes written bare (no บ้าน/บ./หมู่บ้าน) and the moo five ways; the two write-ups of one work often do not share
a figure (the village's own count differs from the plan's, a rounded or missing measure, another budget); a fifth
typo list (among them the common key-order slip นำ้ for น้ำ); and a fourth kind of hard negative: **the same work
at the same place, the same year, another phase** (ระยะที่ 1 / ระยะที่ 2, with another quantity)."""

import collections
import json
import pathlib
import random
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]  # the seeds, and build_common.py in bench/data
from build_common import ARABIC_DIGITS, THAI_DIGITS, PairSet, abbreviate, add_typo, item, write_jsonl  # noqa: E402
from seedlib_e import STYLES_E  # noqa: E402
from seeds_m import SEEDS as M  # noqa: E402
from seeds_n import SEEDS as N  # noqa: E402

SEEDS = M + N
OUT = HERE.parent
RNG_SEED = 20261210
PLAN = (130, 120, 80)  # duplicates, hard negatives, easy negatives (all held-out)
# Hard negatives: related work at the same place below 0.35 of a draw; then, for a template done in phases or
# batches, the same work at another place below 0.55, in another year below 0.70, else another phase or batch at
# the same place and year; for any other template, another place below 0.65, else another year (another place for
# once-only works).
HARD_CUTS = {"related": 0.35, "place": (0.55, 0.65), "year": 0.70}

AREAS = [  # fictional tambon names in real provinces (tambon, amphoe, province); none is in sets A-D's lists
    ("หนองแวงน้อยใหม่", "พยัคฆภูมิพิสัย", "มหาสารคาม"),
    ("นาดีใต้", "ยางตลาด", "กาฬสินธุ์"),
    ("ดอนกลอยใหม่", "พิบูลย์รักษ์", "อุดรธานี"),
    ("โคกสะอาดเหนือ", "ภูเวียง", "ขอนแก่น"),
    ("บางกระเจ้าใน", "เมืองสมุทรสาคร", "สมุทรสาคร"),
    ("แม่ทาเหนือ", "แม่ออน", "เชียงใหม่"),
    ("ป่าตาลใหม่", "เมืองลพบุรี", "ลพบุรี"),
    ("ท่าข้ามใต้", "ปากท่อ", "ราชบุรี"),
    ("หนองสนิทใหม่", "จอมพระ", "สุรินทร์"),
    ("คูเมืองน้อย", "เมืองยาง", "นครราชสีมา"),
    ("นาแก้วใหม่", "เกาะคา", "ลำปาง"),
    ("ปากน้ำท่าใหม่", "ละงู", "สตูล"),
    ("โพธิ์ชัยใต้", "ศรีสงคราม", "นครพนม"),
    ("บ้านแหลมใน", "บางปะกง", "ฉะเชิงเทรา"),
    ("หัวนาคำใหม่", "ศรีรัตนะ", "ศรีสะเกษ"),
    ("ทุ่งยาวใหม่", "ปะเหลียน", "ตรัง"),
    ("สามโคกใน", "สามโคก", "ปทุมธานี"),
    ("ดงมะไฟใหม่", "สุวรรณคูหา", "หนองบัวลำภู"),
    ("ห้วยโป่งใหม่", "เมืองระยอง", "ระยอง"),
    ("วังทองเหนือ", "วังทอง", "พิษณุโลก"),
]
VILLAGES = [  # village names; none is in sets A-D's lists
    "โนนสำราญ",
    "หนองแคน",
    "ดอนขี้เหล็ก",
    "โคกพะยอม",
    "ท่าเสด็จ",
    "ป่าขาม",
    "หนองจาน",
    "บางขันแตก",
    "ห้วยเดื่อ",
    "วังตะกู",
    "ดงมัน",
    "หนองเรือ",
    "โพนแพง",
    "หัวหนอง",
    "ปากบาง",
    "สระตะเคียน",
    "แม่ขะจาน",
    "ท่าหลวง",
    "นาคูณ",
    "หนองอียอ",
    "ศรีเจริญ",
    "โคกเจริญ",
    "นาหมอม้า",
    "ดอนยาง",
    "นาขามป้อม",
    "ดอนหวาย",
    "โนนหนามแท่ง",
    "สันป่าเปา",
]
LANDMARKS = [  # temple names used in {w}; none is in sets A-D's lists
    "ท่าลาดทอง",
    "กลางบ้านแดง",
    "บางพลับใน",
    "ห้วยทรายงาม",
    "โพธิ์ศรีสว่าง",
    "ราษฎร์บำรุงธรรม",
    "ศรีมงคลใต้",
    "ป่าเลไลย์น้อย",
    "โนนศิลาอาสน์",
    "สระเกษหลวง",
    "ทุ่งสะแกงาม",
    "เขาแก้วเหนือ",
]
TYPOS = [  # common slips in typed Thai documents (a fifth list, none in sets A-D's)
    ("น้ำ", "นำ้"),  # the tone mark typed after sara am: looks alike, is not the same text
    ("ประปา", "ปะปา"),
    ("สุญญากาศ", "สูญญากาศ"),
    ("อัลตราซาวด์", "อัลตร้าซาวด์"),
    ("พาสเจอร์ไรส์", "พาสเจอไรส์"),
    ("ซ่อมแซม", "ซ่อมแซ่ม"),
    ("ฉุกเฉิน", "ฉุกเฉิณ"),
    ("สมุนไพร", "สมุนไพล"),
    ("พันธุ์", "พันธ์"),
    ("ทะเบียน", "ทะเบีบน"),
    ("เครื่อง", "เคื่อง"),
    ("คัดกรอง", "คัดกรอน"),
    ("ไม่น้อยกว่า", "ไม่น้อยกว่่า"),
    ("รับประทาน", "รับประธาน"),
    ("อินทรีย์", "อินทรี"),
]
ABBREV = [  # (long, short): the non-formal styles shorten, the formal style writes the long form
    ("องค์การบริหารส่วนตำบล", "อบต."),
    ("โรงพยาบาลส่งเสริมสุขภาพตำบล", "รพ.สต."),
    ("อาสาสมัครสาธารณสุขประจำหมู่บ้าน", "อสม."),
    ("ศูนย์การศึกษานอกระบบและการศึกษาตามอัธยาศัย", "กศน."),
    ("การไฟฟ้าส่วนภูมิภาค", "กฟภ."),
    ("สถาบันพัฒนาองค์กรชุมชน", "พอช."),
    ("โรงเรียน", "ร.ร."),
    ("ผู้ใหญ่บ้าน", "ผญบ."),
    ("สำนักงานพัฒนาชุมชนอำเภอ", "พช.อ."),
    ("เครื่องสูบน้ำ", "ปั๊มน้ำ"),
]
SIBLINGS = [
    ("pipe_extension", "pump_replace"),
    ("hazardous_waste_point", "leaf_compost_pen"),
    ("elderly_meals", "emergency_bell"),
    ("earthquake_drill", "relief_kit_stock"),
    ("vacuum_pack", "ce_accounting"),
    ("bmk_utilities", "house_registration"),
    ("qr_payment_vendors", "youth_video"),
    ("andrographis_farm", "herb_drying_house"),
    ("water_gate_repair", "flood_pump"),
    ("school_milk", "school_kitchen"),
    ("power_line_extension", "streetlight_repair"),
    ("liver_fluke_screen", "bile_duct_ultrasound"),
    ("cervical_screen", "breast_self_exam"),
    ("groundwater_bank", "khok_nong_na"),
]
ONCE_ONLY = {"pump_replace", "school_kitchen", "water_gate_repair", "herb_drying_house", "vacuum_pack", "flood_pump"}
Q_RANGE = {"pipe_extension": (300, 3_000), "power_line_extension": (400, 4_000)}  # metres

THAI_UNITS = ["", "สิบ", "ร้อย", "พัน", "หมื่น", "แสน"]
THAI_NUM = ["", "หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "หก", "เจ็ด", "แปด", "เก้า"]


def thai_words(v):
    """A whole number of baht in Thai words ("สี่แสนห้าหมื่นบาทถ้วน")."""

    def below_million(x):
        out = ""
        for i, d in enumerate(map(int, str(x)[::-1])):
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
    return (below_million(m) + "ล้าน" if m else "") + below_million(r) + "บาทถ้วน"


def shows_year(y, text):
    return (
        re.search(rf"(?<!\d){y}(?!\d)", text) is not None or re.search(rf"ปี\S*\s?{str(y)[2:]}(?!\d)", text) is not None
    )


def shows_phase(k, text):
    return re.search(rf"(ระยะที่|ระยะ|เฟส|ช่วงที่|รุ่นที่|รุ่น) ?{k}(?!\d)", text) is not None


def money(rng, v, formal=False):
    """A sum as the text writes it; plan items, project titles and proposals keep to written forms (no "K")."""
    k = rng.random()
    if formal and ((0.54 <= k < 0.62 and v < 1_000_000) or k >= 0.62):
        return f"{v:,} บาท" if k < 0.9 else f"{v:,}.00 บาท"
    if k < 0.28:
        return f"{v:,} บาท"
    if k < 0.36:
        return f"{v:,}.- บาท"
    if k < 0.44:
        return f"{v:,} บาท ({thai_words(v)})"
    if k < 0.54 and v % 10_000 == 0 and v < 100_000:
        return f"{v // 10_000} หมื่นบาท"
    if k < 0.54 and v % 10_000 == 0 and 100_000 <= v < 1_000_000:
        return f"{v / 100_000:g} แสน"
    if k < 0.62 and v >= 1_000_000:
        return f"{v / 1_000_000:g} ล้าน"
    if k < 0.72:
        return f"{v:,} บ."
    if k < 0.80:
        return f"{v / 1_000:g}K" if v % 1_000 == 0 else f"{v:,} บาท"
    if k < 0.90:
        return f"{v:,}.00"
    return f"เป็นเงิน {v:,} บาท"


def measure(rng, v, variant):
    """Metres, as that kind of text writes them."""
    forms = [
        f"{v:,} เมตร",
        f"{v:,} ม.",
        f"{v / 1000:g} กม.",
        f"{v / 1000:g} กิโลเมตร",
        f"ราว {round(v, -2) / 1000:g} กิโล",
    ]
    weights = [4, 3, 2 if variant in (2, 3, 5) else 1, 1, 3 if variant in (1, 4) else 0]
    return rng.choices(forms, weights)[0]


MOO_FORMS = ["หมู่ที่ {}", "ม.{}", "หมู่ {}", "ม. {}", "หมู่ที่{}"]
VILLAGE_FORMS = ["บ้าน{}", "บ.{}", "หมู่บ้าน{}", "{}"]
YEAR_TAGS = {  # how each style writes the year when it must show (other-year hard negatives)
    0: [" ปีงบประมาณ พ.ศ. {y}", " ประจำปีงบประมาณ {y}"],
    1: [" (ทำในปีงบ {yy})", " ให้ดำเนินการปี {y}"],
    2: [" ปี {yy}", " (ข้อบัญญัติงบประมาณ {y})"],
    3: [" ปี {y}", " ปีงบฯ {yy}"],
    4: [" ในปี {y}", " ขอปีงบ {yy}"],
    5: [" ({y})"],
    6: [" ปี {y}", " (ปีงบประมาณ {y})"],
}
PHASE_TAGS = {  # how each style writes the phase (other-phase hard negatives)
    0: [" ระยะที่ {k}"],
    1: [" (ระยะที่ {k})", " ช่วงที่ {k}"],
    2: [" ระยะ {k}", " (เฟส {k})"],
    3: [" ระยะที่ {k}", " เฟส {k}"],
    4: [" ทำต่อช่วงที่ {k}", " เฟส {k}"],
    5: [" ระยะที่ {k}"],
    6: [" ระยะที่ {k}", " เฟส {k}"],
}
BATCH_TAGS = {  # how each style writes a course's batch
    0: [" รุ่นที่ {k}"],
    1: [" (รุ่นที่ {k})", " จัดเป็นรุ่นที่ {k}"],
    2: [" รุ่น {k}", " (รุ่นที่ {k})"],
    3: [" รุ่นที่ {k}"],
    4: [" ขอเปิดรุ่นที่ {k}", " รุ่นที่ {k}"],
    5: [" รุ่นที่ {k}"],
    6: [" รุ่นที่ {k}"],
}
# the village's บ้าน, not แม่บ้าน, หมู่บ้าน or ผู้ใหญ่บ้าน, nor a school's own name (โรงเรียนบ้าน…)
VILLAGE_RE = r"(?<!แม่)(?<!หมู่)(?<!ผู้ใหญ่)(?<!โรงเรียน)(?<!ร\.ร\.)บ้าน"


class SevenStyles(PairSet):
    n_styles = 7
    styles = STYLES_E

    def __init__(self):
        self.siblings = frozenset(frozenset(p) for p in SIBLINGS)
        self.by_key = {s.key: s for s in SEEDS}
        self.keys = {}  # item text -> template key (template_keys_e.json)

    def new_ctx(self, rng, s, area=None):
        t, a, p = area or rng.choice(AREAS)
        n = rng.randint(*s.n)
        if n > 100 and rng.random() < 0.7:
            n = round(n, -1) if n < 1000 else round(n, -2)
        bud = rng.randrange(*s.bud)
        bud = round(bud, -4) if bud > 200_000 else round(bud, -3)
        q = round(rng.randint(*Q_RANGE[s.key]), -1) if s.key in Q_RANGE else n
        return {
            "t": t,
            "a": a,
            "p": p,
            "m": rng.randint(1, 16),
            "b": rng.choice(VILLAGES),
            "w": rng.choice(LANDMARKS),
            "n": n,
            "q": q,
            "bud": bud,
            "y": rng.choice([2568, 2569, 2570]),
            "loc": rng.random() < 0.35,
            "year": False,  # the year must be written (other-year hard negatives)
            "phase": None,  # the phase must be written (other-phase hard negatives)
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
            "q": measure(rng, ctx["q"], v) if s.unit else "",
            "bud": money(rng, ctx["bud"], formal=v in (0, 5, 6)),
            "y": str(ctx["y"])[2:] if short_year else str(ctx["y"]),
        }
        title, detail = title_t.format(**vals), detail_t.format(**vals)
        if "{bud}" not in title_t + detail_t and rng.random() < 0.3:
            lead = {0: " งบประมาณ ", 1: " ประมาณการ ", 3: " ใช้งบ ", 4: " ขอประมาณ ", 5: " วงเงิน ", 6: " ขอรับการสนับสนุน "}
            detail += lead.get(v, " ") + vals["bud"]
        if v == 2 and rng.random() < 0.35:
            title = f"{rng.randint(1, 9)}.{rng.randint(1, 6)} " + title
        if v == 1 and rng.random() < 0.4:
            title = f"ประชุมครั้งที่ {rng.randint(1, 12)}/{ctx['y'] - 1} " + title
        if v == 6 and rng.random() < 0.3:
            title = rng.choice(["(ร่าง) ", "แบบเสนอโครงการ: ", ""]) + title
        if ctx.get("loc") and not re.search(r"\{[mbw]\}", title_t + detail_t):
            place = rng.choice([f"หมู่ที่ {ctx['m']} บ้าน{ctx['b']}", f"บ้าน{ctx['b']}", f"หมู่ที่ {ctx['m']}"])
            detail += {0: " พื้นที่ดำเนินการ ", 2: " ", 3: " พื้นที่ ", 5: " พื้นที่ ", 6: " พื้นที่ "}.get(v, " ที่") + place
        if ctx.get("year") and not shows_year(ctx["y"], (title + " " + detail).translate(ARABIC_DIGITS)):
            detail += rng.choice(YEAR_TAGS[v]).format(y=ctx["y"], yy=str(ctx["y"])[2:])
        if ctx.get("phase"):
            tag = rng.choice((BATCH_TAGS if s.phased == "batch" else PHASE_TAGS)[v]).format(k=ctx["phase"])
            if v in (0, 5, 6):
                title += tag
            else:
                detail += tag
        # the moo and the village, each written one way in this text
        moo = rng.choice(MOO_FORMS if v != 0 else MOO_FORMS[:1] * 3 + MOO_FORMS[1:])
        title = re.sub(r"(หมู่ที่ |ม\.|หมู่ )(\d+)", lambda m_: moo.format(m_.group(2)), title)
        detail = re.sub(r"(หมู่ที่ |ม\.|หมู่ )(\d+)", lambda m_: moo.format(m_.group(2)), detail)
        vill = rng.choice(VILLAGE_FORMS if v != 0 else VILLAGE_FORMS[:1])
        village = re.compile(VILLAGE_RE + ctx["b"])
        title = village.sub(vill.format(ctx["b"]), title)
        detail = village.sub(vill.format(ctx["b"]), detail)
        if v == 0:  # formal items write names in full
            title, detail = abbreviate(rng, title, detail, [(b, a) for a, b in ABBREV[:6]], 0.6)
        else:
            title, detail = abbreviate(rng, title, detail, ABBREV, 0.4)
        title, detail = add_typo(rng, title, detail, TYPOS, 0.12)
        if (v in (0, 2, 5, 6) and rng.random() < 0.2) or rng.random() < 0.05:
            title, detail = title.translate(THAI_DIGITS), detail.translate(THAI_DIGITS)
        rec = item(title, detail, s.bodies[v])
        rec["style"] = STYLES_E[v]
        self.keys[(rec["title_th"], rec["detail_th"], rec["body_kind"])] = s.key
        return rec

    @staticmethod
    def area_hint(rng, ctx):
        k = rng.random()
        if k < 0.4:
            return f"ต.{ctx['t']} อ.{ctx['a']} จ.{ctx['p']}"
        if k < 0.7:
            return f"ตำบล{ctx['t']} อำเภอ{ctx['a']} จังหวัด{ctx['p']}"
        if k < 0.85:
            return f"{ctx['t']} / {ctx['a']} / {ctx['p']}"
        return f"ต.{ctx['t']} ({ctx['p']})"

    def dup_pair(self, rng, s):
        """Two write-ups of the same work at the same place (and year) by different kinds of body; often with no
        figure in common: the village's own count, a rounded or missing measure, another budget."""
        ctx = self.new_ctx(rng, s)
        pairs = [(i, j) for i in range(7) for j in range(7) if i != j and s.bodies[i] != s.bodies[j]]
        i, j = rng.choice(pairs)
        a = self.render(rng, s, i, ctx)
        ctx_b = dict(ctx)
        if rng.random() < 0.4:  # the other body works from another budget figure
            ctx_b["bud"] = int(round(ctx["bud"] * rng.choice([0.5, 0.7, 0.8, 0.9, 1.1, 1.2, 1.5]), -3))
        if rng.random() < 0.35:  # another count of the same people (a survey, a rough figure)
            ctx_b["n"] = max(1, round(ctx["n"] * rng.choice([0.8, 0.9, 1.1, 1.2, 1.3])))
            if ctx_b["n"] > 20 and rng.random() < 0.6:
                ctx_b["n"] = round(ctx_b["n"], -1)
        if s.unit and rng.random() < 0.4:  # the measure estimated again
            ctx_b["q"] = round(ctx["q"] * rng.choice([0.9, 1.1, 1.25]), -2) or ctx["q"]
        if rng.random() < 0.5:
            ctx_b["loc"] = rng.random() < 0.35
        return ctx, a, self.render(rng, s, j, ctx_b)

    @staticmethod
    def _common_place(c1, t1, c2, t2):
        """Both texts write the moo number, or both the village name, or both the temple, and they differ."""

        def moo(c, t):
            return re.search(rf"(ม\. ?|หมู่ที่ ?|หมู่ ){c['m']}(?!\d)", t) is not None

        return (
            (moo(c1, t1) and moo(c2, t2))
            or (c1["b"] in t1 and c2["b"] in t2)
            or ("วัด" + c1["w"] in t1 and "วัด" + c2["w"] in t2)
        )

    def hard_pair(self, rng, s, sibs):
        ctx = self.new_ctx(rng, s)
        k = rng.random()
        if k < HARD_CUTS["related"]:  # related work at the same place and year
            s2 = sibs[0]
            ctx2 = self.new_ctx(rng, s2, (ctx["t"], ctx["a"], ctx["p"]))
            ctx2.update(m=ctx["m"], b=ctx["b"], w=ctx["w"], y=ctx["y"], loc=ctx["loc"])
            return (
                ctx,
                self.render(rng, s, rng.randrange(7), ctx),
                self.render(rng, s2, rng.randrange(7), ctx2),
                "related_work_same_place",
            )
        pairs = [(i, j) for i in range(7) for j in range(7)]
        rng.shuffle(pairs)
        if rng.random() < 0.75:  # mostly two wordings; sometimes one wording copied
            pairs.sort(key=lambda p: p[0] == p[1])
        i, j = pairs[0]
        ctx_b = dict(ctx)
        if k < HARD_CUTS["place"][not s.phased] or s.key in ONCE_ONLY:  # the same work at another place
            why = "same_work_other_place"
            ctx_b["m"] = rng.choice([m for m in range(1, 17) if m != ctx["m"]])
            ctx_b["b"] = rng.choice([x for x in VILLAGES if x != ctx["b"]])
            ctx_b["w"] = rng.choice([x for x in LANDMARKS if x != ctx["w"]])
            ctx["loc"] = ctx_b["loc"] = True
            if rng.random() < 0.5:
                other = self.new_ctx(rng, s)
                ctx_b.update(n=other["n"], q=other["q"], bud=other["bud"])
        else:
            other = self.new_ctx(rng, s)
            while other["q"] == ctx["q"] or other["n"] == ctx["n"]:
                other = self.new_ctx(rng, s)
            ctx_b.update(n=other["n"], q=other["q"], bud=other["bud"])
            if s.phased and k >= HARD_CUTS["year"]:  # the same place and year, the next phase or batch
                why = "same_work_other_phase"
                first = rng.choice([1, 2])
                ctx["phase"], ctx_b["phase"] = first, first + 1
            else:  # the same place, another year: next year's batch
                why = "same_work_other_year"
                ctx_b["y"] = ctx["y"] + rng.choice([-1, 1])
                ctx["year"] = ctx_b["year"] = True
        for attempt in range(60):  # another place must be told by one kind of place name that both texts write
            if attempt % 3 == 2:
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
        if why == "same_work_other_phase":
            for c, t in ((ctx, ta), (ctx_b, tb)):
                assert shows_phase(c["phase"], t), (s.key, t)
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
        out, keys = [], {}
        for i, (ctx, a, b, dup, kind, why) in enumerate(recs, 1):
            if rng.random() < 0.5:
                a, b = b, a
            rec = {"id": i, "area_hint": self.area_hint(rng, ctx), "a": a, "b": b, "duplicate": dup, "kind": kind}
            if why:
                rec["hard"] = why
            rec["split"] = "test"
            out.append(rec)
            keys[i] = [self.keys[(x["title_th"], x["detail_th"], x["body_kind"])] for x in (a, b)]
        return out, keys


FIGURE = re.compile(r"\d[\d,]*(?:\.\d+)?")


def figures(it):
    text = (it["title_th"] + " " + it["detail_th"]).translate(ARABIC_DIGITS)
    return {f.replace(",", "") for f in FIGURE.findall(text)}


def main():
    rng = random.Random(RNG_SEED)
    maker = SevenStyles()
    pairs, keys = maker.build(rng)
    write_jsonl(OUT / "plan_items_duplicates_e.jsonl", pairs)
    (OUT / "template_keys_e.json").write_text(
        json.dumps({"e": {str(k): v for k, v in keys.items()}}, ensure_ascii=False, sort_keys=True) + "\n",
        encoding="utf-8",
    )
    hard = collections.Counter(p["hard"] for p in pairs if p.get("hard"))
    dups = [p for p in pairs if p["duplicate"]]
    no_fig = sum(not (figures(p["a"]) & figures(p["b"])) for p in dups)
    print(
        "plan_items_duplicates_e.jsonl",
        len(pairs),
        "pairs;",
        len(dups),
        "duplicates,",
        no_fig,
        "of them with no figure in common;",
        dict(sorted(hard.items())),
    )


if __name__ == "__main__":
    main()
