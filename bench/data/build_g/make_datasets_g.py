"""Build the seventh labelled set (set G, duplicates only, ALL HELD-OUT): bench/data/plan_items_duplicates_g.jsonl from
the hand-written templates in seeds_q/r.py (32 new pieces of work in 16 related pairs, eight wordings each in set F's
eight styles: formal tambon / One Plan item, meeting minute, budget line, short list entry, villagers' request in
spoken Thai, LINE message, table row, CODI-style proposal), and bench/data/template_keys_g.json (the template of each
pair's two items, in template_keys.py's scheme, for grouped cross-validation).

Deterministic (fixed random seed); run once, output committed. Written blind to the duplicate-detection method: its
code, its tuning, its scores and its errors on sets A-F were not read, and no method was run on set G. Do not
regenerate it to suit a method. Every pair is held-out ("split": "test").

What is new against sets A-F (besides the templates, places, names and typos): **paraphrase duplicates**. The
villagers' wordings of each template (meeting minute, request, LINE message) name the work in their own words,
not the plan's ("ดาดคอนกรีตคูส่งน้ำ" / "ร่องน้ำเข้านารั่ว"; "มุ้งชุบสารเคมี" / "ของกันยุง"; "บรรพชาสามเณร" / "โกนจุกห่มเหลือง"),
and PARAPHRASES duplicates (one per template) are drawn to pair an official wording (formal, budget line, list
entry, table row, proposal) with a villagers' one sharing at most one content word with it (`content_words`:
PyThaiNLP's newmm words, without stop words, figures, set G's place names and a few words every plan item carries);
the other duplicates pair any two wordings by different kinds of body, and many of them are paraphrases too. The
pair-building code is set F's (build_f/make_datasets_f.py), copied so that set F's file stays as it was; the
year/phase/number-word helpers are set E's."""

import collections
import functools
import json
import pathlib
import random
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent), str(HERE.parent / "build_e")]  # seeds, build_common, set E's helpers
from build_common import ARABIC_DIGITS, THAI_DIGITS, PairSet, abbreviate, add_typo, item, write_jsonl  # noqa: E402
from make_datasets_e import THAI_NUM, shows_phase, shows_year, thai_words  # noqa: E402
from seedlib_g import STYLES_G  # noqa: E402
from seeds_q import SEEDS as Q  # noqa: E402
from seeds_r import SEEDS as R  # noqa: E402

SEEDS = Q + R
OUT = HERE.parent
RNG_SEED = 20261207
PLAN = (130, 120, 80)  # duplicates, hard negatives, easy negatives (all held-out)
PARAPHRASES = 32  # one per template: a duplicate forced to pair an official wording with a villagers' one (<= 1 content word shared)
YEARS = [2569, 2570, 2571]
OFFICIAL, VILLAGERS = (0, 2, 3, 6, 7), (1, 4, 5)  # wording indices (STYLES_G)

AREAS = [  # fictional tambon names in real provinces (tambon, amphoe, province); none is in sets A-F
    ("หนองหญ้าปล้องใต้", "วังสะพุง", "เลย"),
    ("ห้วยขี้เหล็กใต้", "นาโพธิ์", "บุรีรัมย์"),
    ("ห้วยเม็กใน", "ห้วยเม็ก", "กาฬสินธุ์"),
    ("บ่อพลอยเหนือ", "บ่อพลอย", "กาญจนบุรี"),
    ("ท่าช้างคล้องใน", "บ้านแพ้ว", "สมุทรสาคร"),
    ("สำโรงทาบใต้", "สำโรงทาบ", "สุรินทร์"),
    ("แม่ลาวใหม่", "แม่ลาว", "เชียงราย"),
    ("นาแกใต้", "นาแก", "นครพนม"),
    ("ควนโดนใน", "ควนโดน", "สตูล"),
    ("เขาชัยสนใต้", "เขาชัยสน", "พัทลุง"),
    ("บ้านหมี่ใต้", "บ้านหมี่", "ลพบุรี"),
    ("ทุ่งฝนใหม่", "ทุ่งฝน", "อุดรธานี"),
    ("วังทองใน", "วังทอง", "พิษณุโลก"),
    ("ลาดยาวใต้", "ลาดยาว", "นครสวรรค์"),
    ("โพนทองเหนือ", "โพนทอง", "ร้อยเอ็ด"),
    ("สิชลใน", "สิชล", "นครศรีธรรมราช"),
    ("เขมราฐใต้", "เขมราฐ", "อุบลราชธานี"),
    ("ด่านซ้ายใน", "ด่านซ้าย", "เลย"),
    ("บางปลาม้าใต้", "บางปลาม้า", "สุพรรณบุรี"),
    ("กุยบุรีใน", "กุยบุรี", "ประจวบคีรีขันธ์"),
]
VILLAGES = [  # none is in sets A-F; none is part of another
    "โคกกระเจา",
    "กุดตาเพชร",
    "นาเชือกใหญ่",
    "ห้วยหินลับ",
    "ดอนกอก",
    "ท่าลาดขาว",
    "โนนสะอาดใต้",
    "นาแวงใหญ่",
    "ป่าเป้ง",
    "ทุ่งโพธิ์งาม",
    "คลองตะเคียน",
    "หนองแวงตาสี",
    "โคกเม็กใหญ่",
    "ห้วยตะแกะ",
    "ป่าหวายนั่ง",
    "ห้วยซันใต้",
    "ปากคลองบางแตน",
    "หนองคูขาด",
    "ท่าเสี้ยวใน",
    "ซับตะเคียน",
    "ดอนโมกข์ใต้",
    "โนนหินกอง",
    "ดอนสำราญใต้",
    "ห้วยกระบอก",
    "หนองหว้าใต้",
    "โคกสำราญ",
    "บุ่งคล้า",
    "ไร่ขี",
]
LANDMARKS = [  # temple names used in {w}; none is in sets A-F
    "ศรีนวลใต้",
    "โพธิ์ศรีสว่าง",
    "ป่าหนองแวง",
    "ทุ่งสว่างใต้",
    "ชัยภูมิการาม",
    "บ้านดอนกลาง",
    "สระแก้วคงคา",
    "เขาถ้ำพระ",
    "อัมพวันใต้",
    "ศรีมงคลธาราม",
    "กลางทุ่งนา",
    "ราษฎร์ศรัทธาธรรม",
]
TYPOS = [  # common slips in typed Thai documents (a seventh list, none in sets A-F's)
    ("ผ้าห่ม", "ผ้าหม่"),
    ("อุปกรณ์", "อุปกรณื"),
    ("สัญจร", "สัญจรณ์"),
    ("ทัศนวิสัย", "ทัศนะวิสัย"),
    ("บรรพชา", "บรรพขา"),
    ("เครื่องจักร", "เครื่องจัก"),
    ("ขี้ผึ้ง", "ขี้ผึง"),
    ("มาลาเรีย", "มาเลเรีย"),
    ("วัณโรค", "วัณโลก"),
    ("อุปถัมภ์", "อุปถัม"),
    ("โซเดียม", "โซเดี่ยม"),
    ("พาราโบลา", "พาลาโบลา"),
    ("สงเคราะห์", "สงเคราห์"),
    ("ลูกบาศก์เมตร", "ลูกบาศน์เมตร"),
    ("ภูมิสารสนเทศ", "ภูมิสารสนเทส"),
    ("ประเพณี", "ประเพณิ"),
]
ABBREV = [  # (long, short): the non-formal styles shorten; the formal style writes the first six in full
    ("องค์การบริหารส่วนตำบล", "อบต."),
    ("โรงพยาบาลส่งเสริมสุขภาพตำบล", "รพ.สต."),
    ("อาสาสมัครสาธารณสุขประจำหมู่บ้าน", "อสม."),
    ("ศูนย์การศึกษานอกระบบและการศึกษาตามอัธยาศัย", "กศน."),
    ("การไฟฟ้าส่วนภูมิภาค", "กฟภ."),
    ("สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัด", "พมจ."),
    ("โรงเรียน", "ร.ร."),
    ("ผู้ช่วยผู้ใหญ่บ้าน", "ผช.ผญบ."),
    ("ผู้ใหญ่บ้าน", "ผญบ."),
    ("วิสาหกิจชุมชน", "วสช."),
    ("ศูนย์พัฒนาเด็กเล็ก", "ศพด."),
    ("ปศุสัตว์อำเภอ", "ปศอ."),
    ("พัฒนาชุมชนอำเภอ", "พช.อ."),
    ("สำนักงานสาธารณสุขจังหวัด", "สสจ."),
]
SIBLINGS = [
    ("ditch_lining", "farm_pond_private"),
    ("school_uniform_poor", "student_bicycle"),
    ("tb_screening", "mosquito_net_malaria"),
    ("salt_reduction", "sugar_drink_school"),
    ("monk_health_check", "novice_ordination_summer"),
    ("parenting_class", "family_violence_centre"),
    ("roadside_tree_planting", "roadside_grass_cutting"),
    ("bulky_waste_day", "waste_truck_route"),
    ("house_wiring_check", "lightning_rod"),
    ("sewing_course", "sewing_group_machines"),
    ("pla_ra_standard", "fish_drying_house"),
    ("candle_festival", "loy_krathong"),
    ("cold_blankets", "heat_illness_farmers"),
    ("street_name_signs", "house_number_plates"),
    ("native_chicken_vaccine", "pig_raising_group"),
    ("orphan_support", "grandparent_carers"),
]
# works done once at a place (a structure, equipment, a one-off survey): no "next year" or "next phase"
ONCE_ONLY = {
    "lightning_rod",
    "fish_drying_house",
    "sewing_group_machines",
    "street_name_signs",
    "house_number_plates",
    "family_violence_centre",
    "waste_truck_route",
}
Q_RANGE = {
    "ditch_lining": (300, 3_000),
    "roadside_tree_planting": (500, 4_000),
    "roadside_grass_cutting": (1_000, 8_000),
}
PLACES = tuple(x for area in AREAS for x in area) + tuple(VILLAGES) + tuple(LANDMARKS)
# words (and place words) nearly every plan item carries, which do not make two texts say the same thing
GENERIC = {
    "โครงการ",
    "ข้อเสนอ",
    "หมู่",
    "หมู่บ้าน",
    "บ้าน",
    "ตำบล",
    "วัด",
    "ชุมชน",
    "คน",
    "ราย",
    "หลัง",
    "ครัวเรือน",
    "บาท",
    "ปี",
    "ชาวบ้าน",
    "วาระ",
    "ที่",
    "เรื่อง",
    "มติ",
    "ค่า",
    "ใช้จ่าย",
    "ค่ะ",
    "ครับ",
    "นะคะ",
    "นะ",
    "จ้า",
}
# Hard negatives: related work at the same place below RELATED of a draw; for a template with target groups, another
# group below GROUP; then another place below PLACE[phased or not] (always for once-only works); then, for a phased
# template, another year below YEAR_PHASED, else another phase; for the others another year.
RELATED, GROUP, PLACE, YEAR_PHASED = 0.28, 0.68, (0.72, 0.60), 0.80

MOO_FORMS = ["หมู่ที่ {}", "ม.{}", "หมู่ {}", "ม. {}", "หมู่ที่{}"]
VILLAGE_FORMS = ["บ้าน{}", "บ.{}", "หมู่บ้าน{}", "{}"]
# the village's บ้าน, not แม่บ้าน, หมู่บ้าน, ผู้ใหญ่บ้าน, ชาวบ้าน, nor a school's, health station's or pond's own name
VILLAGE_RE = r"(?<!แม่)(?<!หมู่)(?<!ผู้ใหญ่)(?<!ชาว)(?<!โรงเรียน)(?<!ร\.ร\.)(?<!สต\.)(?<!ตำบล)(?<!หนอง)(?<!สาธารณะ)บ้าน"
YEAR_TAGS = {  # how each style writes the year when it must show (other-year hard negatives)
    0: [" ปีงบประมาณ พ.ศ. {y}", " ประจำปีงบประมาณ {y}"],
    1: [" (ทำในปีงบ {yy})", " ให้ดำเนินการปี {y}"],
    2: [" ปี {yy}", " (ข้อบัญญัติงบประมาณ {y})"],
    3: [" (ปี {yy})", " ปี {y}"],
    4: [" ในปี {y}", " ขอปีงบ {yy}"],
    5: [" ปีงบ {yy} นะคะ", " ปี {y} ครับ"],
    6: [" {y} |", " ปีงบ {yy} |"],
    7: [" ปี {y}", " (ปีงบประมาณ {y})"],
}
PHASE_TAGS = {  # how each style writes the phase (other-phase hard negatives)
    0: [" ระยะที่ {k}"],
    1: [" (ระยะที่ {k})", " ช่วงที่ {k}"],
    2: [" ระยะ {k}", " (เฟส {k})"],
    3: [" (ระยะที่ {k})", " เฟส {k}"],
    4: [" ทำต่อช่วงที่ {k}", " เฟส {k}"],
    5: [" รอบนี้เฟส {k}", " ช่วงที่ {k}"],
    6: [" ระยะที่ {k}"],
    7: [" ระยะที่ {k}", " เฟส {k}"],
}
BATCH_TAGS = {  # how each style writes a course's or service's batch
    0: [" รุ่นที่ {k}"],
    1: [" (รุ่นที่ {k})", " จัดเป็นรุ่นที่ {k}"],
    2: [" รุ่น {k}", " (รุ่นที่ {k})"],
    3: [" รุ่นที่ {k}"],
    4: [" ขอเปิดรุ่นที่ {k}", " รุ่นที่ {k}"],
    5: [" รุ่นที่ {k} นะคะ", " รุ่น {k}"],
    6: [" รุ่นที่ {k}"],
    7: [" รุ่นที่ {k}"],
}
BUDGET_LEAD = {0: " งบประมาณ ", 1: " ประมาณการ ", 3: " งป. ", 4: " ขอ ", 5: " งบที่ขอไว้ ", 7: " ขอรับการสนับสนุน "}
PLACE_LEAD = {0: " พื้นที่ดำเนินการ ", 2: " ", 3: " ", 6: " ", 7: " พื้นที่ "}


def spoken_sum(v):
    """A sum the way people say it: 150,000 -> "แสนห้า", 230,000 -> "สองแสนสาม"; None if it has no such form."""
    if v % 10_000 or not 100_000 <= v < 1_000_000 or not (v // 10_000) % 10:
        return None
    lakh, rest = divmod(v // 10_000, 10)
    return ("" if lakh == 1 else THAI_NUM[lakh]) + "แสน" + THAI_NUM[rest]


def money(rng, v, style):
    """A sum as that kind of text writes it (style: the index in STYLES_G)."""
    words = thai_words(v)
    lakh = f"{v / 100_000:g} แสน" if v % 10_000 == 0 and 100_000 <= v < 1_000_000 else None
    mil = f"{v / 1_000_000:g} ลบ." if v >= 1_000_000 and v % 10_000 == 0 else None
    forms = {
        0: [f"{v:,} บาท"] * 5 + [f"{v:,}.00 บาท", f"{v:,} บาท ({words})"],
        7: [f"{v:,} บาท"] * 4 + [f"{v:,}.- บาท", f"{v:,} บาท ({words})"],
        6: [f"{v:,}"] * 4 + [f"{v}", f"{v:,}.00", f"{v:,}.-"],
        2: [f"{v:,} บาท", f"{v:,}.- บาท", f"{v:,} บ.", f"งบ {v:,}", f"{v:,} บาท ({words})", lakh and lakh + "บาท", mil],
        3: [f"{v:,}", f"{v:,} บ.", lakh, f"{v // 1_000:,}K" if v % 1_000 == 0 else None, mil],
        1: [f"{v:,} บาท", f"{v:,}.-", lakh, spoken_sum(v), f"{v:,} บาท"],
        4: [f"{v:,} บาท", lakh and "ประมาณ " + lakh, spoken_sum(v), words.replace("ถ้วน", "")],
        5: [f"{v:,} บาท", f"{v:,}", lakh, spoken_sum(v), f"{v // 1_000:,}K" if v % 1_000 == 0 else None],
    }[style]
    return rng.choice([f for f in forms if f])


def count_words(rng, n):
    """A count as people write it in a request or a chat: "ราวสี่สิบ", "สามสิบกว่า" (rounded down to tens)."""
    base = n - n % 10 if n >= 20 else n
    w = thai_words(base).replace("บาทถ้วน", "")
    return rng.choice([f"ราว{w}", f"{w}กว่า" if n > base else f"ราว ๆ {w}", f"ประมาณ{w}"])


def measure(rng, v, style):
    """Metres, as that kind of text writes them."""
    forms = [
        f"{v:,} เมตร",
        f"{v:,} ม.",
        f"{v / 1000:g} กม.",
        f"{v / 1000:g} กิโลเมตร",
        f"ราว {round(v, -2) / 1000:g} กิโล",
    ]
    weights = [4, 3, 2 if style in (2, 3, 6) else 1, 1, 3 if style in (1, 4, 5) else 0]
    return rng.choices(forms, weights)[0]


FIGURE = re.compile(r"\d[\d,]*(?:\.\d+)?")


def figures(it):
    """The numbers an item writes (Thai digits read as Arabic), a B.E. year also in its short form and back:
    "2569" and "69" are one figure here (a stricter reading than set F's)."""
    text = (it["title_th"] + " " + it["detail_th"]).translate(ARABIC_DIGITS)
    out = {f.replace(",", "") for f in FIGURE.findall(text)}
    out |= {"25" + f for f in out if len(f) == 2 and 60 <= int(f) <= 79}
    out |= {f[2:] for f in out if len(f) == 4 and f.startswith("25")}
    return out


@functools.cache
def _nlp():
    from pythainlp.corpus import thai_stopwords
    from pythainlp.tokenize import word_tokenize

    return word_tokenize, thai_stopwords()


def content_words(it, places=()):
    """The content words of an item: PyThaiNLP newmm words without stop words, figures, punctuation, one-letter
    pieces, GENERIC words and the given place names (removed from the text before segmenting)."""
    tokenize, stop = _nlp()
    text = it["title_th"] + " " + it["detail_th"]
    for name in sorted(places, key=len, reverse=True):
        text = text.replace(name, " ")
    words = set()
    for w in tokenize(text, engine="newmm", keep_whitespace=False):
        w = w.strip(" .,:;()|-/!?\"'")
        if len(w) < 2 or w in stop or w in GENERIC or re.search(r"[\d๐-๙]", w):
            continue
        words.add(w)
    return words


def shared_words(a, b):
    """The content words two items have in common, every place name of set G left out."""
    return content_words(a, PLACES) & content_words(b, PLACES)


def is_paraphrase(pair):
    """A duplicate whose two sides share at most one content word."""
    return pair["duplicate"] and len(shared_words(pair["a"], pair["b"])) <= 1


class EightStyles(PairSet):
    n_styles = 8
    styles = STYLES_G

    def __init__(self):
        self.siblings = frozenset(frozenset(p) for p in SIBLINGS)
        self.by_key = {s.key: s for s in SEEDS}
        self.keys = {}  # item text -> template key (template_keys_g.json)

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
            "y": rng.choice(YEARS),
            "g": rng.randrange(len(s.groups)) if s.groups else None,
            "loc": rng.random() < 0.35,
            "year": False,  # the year must be written (other-year hard negatives)
            "phase": None,  # the phase must be written (other-phase hard negatives)
        }

    def group_text(self, rng, s, ctx, v):
        if not s.groups:
            return ""
        names = s.groups[ctx["g"]]
        return names[0] if v == 0 else rng.choice(names)

    def render(self, rng, s, v, ctx):
        title_t, detail_t = s.texts[v]
        short_year = v in (1, 2, 3, 4, 5) and rng.random() < 0.4
        n_text = f"{ctx['n']:,}" if ctx["n"] >= 1_000 else str(ctx["n"])
        in_words = v in (4, 5) and "{n}" in title_t + detail_t and rng.random() < 0.35
        if in_words:
            n_text = count_words(rng, ctx["n"])
        vals = {
            "t": ctx["t"],
            "a": ctx["a"],
            "p": ctx["p"],
            "m": str(ctx["m"]),
            "b": ctx["b"],
            "w": ctx["w"],
            "n": n_text,
            "q": measure(rng, ctx["q"], v) if s.unit else "",
            "bud": money(rng, ctx["bud"], v),
            "y": str(ctx["y"])[2:] if short_year else str(ctx["y"]),
            "g": self.group_text(rng, s, ctx, v),
        }
        title, detail = title_t.format(**vals), detail_t.format(**vals)
        if in_words:  # Thai writes a number word against its unit: "ราวสี่สิบคน"
            title, detail = title.replace(n_text + " ", n_text), detail.replace(n_text + " ", n_text)
        if "{bud}" not in title_t + detail_t and v in BUDGET_LEAD and rng.random() < 0.3:
            detail += BUDGET_LEAD[v] + vals["bud"]
        if v == 1 and rng.random() < 0.4:
            title = f"ประชุมครั้งที่ {rng.randint(1, 12)}/{ctx['y'] - 1} " + title
        if v == 2 and rng.random() < 0.35:
            title = f"{rng.randint(1, 9)}.{rng.randint(1, 6)} " + title
        if v == 3 and rng.random() < 0.3:
            title = title.replace("- ", f"{rng.randint(1, 15)}) ", 1)
        if v == 6 and rng.random() < 0.4:
            title = f"{rng.randint(1, 40)} | " + title
        if v == 7 and rng.random() < 0.3:
            title = rng.choice(["(ร่าง) ", "แบบเสนอโครงการ: ", "โครงการย่อย: "]) + title
        if ctx.get("loc") and not re.search(r"\{[mbw]\}", title_t + detail_t):
            place = rng.choice([f"หมู่ที่ {ctx['m']} บ้าน{ctx['b']}", f"บ้าน{ctx['b']}", f"หมู่ที่ {ctx['m']}"])
            detail += PLACE_LEAD.get(v, " ที่") + place
        if ctx.get("year") and not shows_year(ctx["y"], (title + " " + detail).translate(ARABIC_DIGITS)):
            detail += rng.choice(YEAR_TAGS[v]).format(y=ctx["y"], yy=str(ctx["y"])[2:])
        if ctx.get("phase"):
            tag = rng.choice((BATCH_TAGS if s.phased == "batch" else PHASE_TAGS)[v]).format(k=ctx["phase"])
            if v in (0, 3, 6, 7):
                title += tag
            else:
                detail += tag
        if v == 5 and rng.random() < 0.25:
            detail += rng.choice([" 🙏", " ขอบคุณค่ะ", " ฝากแชร์ต่อด้วยครับ", " 👍"])
        if v != 0 and rng.random() < 0.3:  # the place at another level of detail: the village instead of the moo
            named = ctx["b"] in title + detail
            title, detail = (self._village_not_moo(x, ctx, named) for x in (title, detail))
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
        if (v in (0, 2, 6, 7) and rng.random() < 0.2) or rng.random() < 0.05:
            title, detail = title.translate(THAI_DIGITS), detail.translate(THAI_DIGITS)
        rec = item(title, detail, s.bodies[v])
        rec["style"] = STYLES_G[v]
        self.keys[(rec["title_th"], rec["detail_th"], rec["body_kind"])] = s.key
        return rec

    @staticmethod
    def _village_not_moo(text, ctx, named):
        """Drop the moo where the item names the village (`named`), else name the village where it writes the moo."""
        moo = rf"(หมู่ที่ ?|ม\. ?|หมู่ ){ctx['m']}(?!\d)"
        if named:
            return re.sub(r" ?" + moo, "", text)
        return re.sub(moo, "บ้าน" + ctx["b"], text)

    @staticmethod
    def area_hint(rng, ctx):
        k = rng.random()
        if k < 0.4:
            return f"ต.{ctx['t']} อ.{ctx['a']} จ.{ctx['p']}"
        if k < 0.7:
            return f"ตำบล{ctx['t']} อำเภอ{ctx['a']} จังหวัด{ctx['p']}"
        if k < 0.85:
            return f"{ctx['t']}, {ctx['a']}, {ctx['p']}"
        return f"ต.{ctx['t']} ({ctx['p']})"

    def dup_pair(self, rng, s, paraphrase=False):
        """Two write-ups of the same work at the same place (and year, and target group) by different kinds of body;
        often with no figure in common: the village's own count, a rounded or missing measure, another budget.
        A paraphrase pairs an official wording with a villagers' one sharing at most one content word."""
        if paraphrase:
            return self._paraphrase_pair(rng, s)
        ctx = self.new_ctx(rng, s)
        pairs = [(i, j) for i in range(8) for j in range(8) if i != j and s.bodies[i] != s.bodies[j]]
        i, j = rng.choice(pairs)
        return self._second(rng, s, ctx, i, j)

    def _paraphrase_pair(self, rng, s):
        pairs = [(i, j) for i in OFFICIAL for j in VILLAGERS if s.bodies[i] != s.bodies[j]]
        best = None
        for _attempt in range(40):
            i, j = rng.choice(pairs)
            if rng.random() < 0.5:
                i, j = j, i
            ctx, a, b = self._second(rng, s, self.new_ctx(rng, s), i, j)
            n = len(shared_words(a, b))
            if best is None or n < best[0]:
                best = (n, (ctx, a, b))
            if n <= 1:
                break
        return best[1]

    def _second(self, rng, s, ctx, i, j):
        a = self.render(rng, s, i, ctx)
        ctx_b = dict(ctx)
        if rng.random() < 0.4:  # the other body works from another budget figure
            ctx_b["bud"] = int(round(ctx["bud"] * rng.choice([0.5, 0.7, 0.8, 0.9, 1.1, 1.2, 1.5]), -3))
        if rng.random() < 0.45:  # another count of the same people or things (a survey, a rough figure)
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

    def _kind(self, s, k):
        if k < RELATED:
            return "related_work_same_place"
        if s.groups and k < GROUP:
            return "same_work_other_group"
        if s.key in ONCE_ONLY or k < PLACE[not s.phased]:
            return "same_work_other_place"
        if s.phased and k >= YEAR_PHASED:
            return "same_work_other_phase"
        return "same_work_other_year"

    def hard_pair(self, rng, s, sibs):
        ctx = self.new_ctx(rng, s)
        why = self._kind(s, rng.random())
        if why == "related_work_same_place":  # the sibling at the same place, in the same year
            s2 = sibs[0]
            ctx2 = self.new_ctx(rng, s2, (ctx["t"], ctx["a"], ctx["p"]))
            ctx2.update(m=ctx["m"], b=ctx["b"], w=ctx["w"], y=ctx["y"], loc=ctx["loc"])
            return ctx, self.render(rng, s, rng.randrange(8), ctx), self.render(rng, s2, rng.randrange(8), ctx2), why
        pairs = [(i, j) for i in range(8) for j in range(8)]
        rng.shuffle(pairs)
        if rng.random() < 0.75:  # mostly two wordings; sometimes one wording copied
            pairs.sort(key=lambda p: p[0] == p[1])
        i, j = pairs[0]
        ctx_b = dict(ctx)
        other = self.new_ctx(rng, s)
        while other["q"] == ctx["q"] or other["n"] == ctx["n"]:
            other = self.new_ctx(rng, s)
        if why == "same_work_other_place":
            ctx_b["m"] = rng.choice([m for m in range(1, 17) if m != ctx["m"]])
            ctx_b["b"] = rng.choice([x for x in VILLAGES if x != ctx["b"]])
            ctx_b["w"] = rng.choice([x for x in LANDMARKS if x != ctx["w"]])
            ctx["loc"] = ctx_b["loc"] = True
            if rng.random() < 0.5:  # another site usually has its own size and cost
                ctx_b.update(n=other["n"], q=other["q"], bud=other["bud"])
        elif why == "same_work_other_group":  # the same place and year, another target group
            ctx_b.update(
                g=rng.choice([g for g in range(len(s.groups)) if g != ctx["g"]]), n=other["n"], bud=other["bud"]
            )
        elif why == "same_work_other_phase":  # the same place and year, the next phase or batch
            ctx_b.update(n=other["n"], q=other["q"], bud=other["bud"])
            first = rng.choice([1, 2])
            ctx["phase"], ctx_b["phase"] = first, first + 1
        else:  # the same place, another year: next year's batch
            ctx_b.update(n=other["n"], q=other["q"], bud=other["bud"], y=ctx["y"] + rng.choice([-1, 1]))
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
        for c, t in ((ctx, ta), (ctx_b, tb)):
            if why == "same_work_other_year":
                assert shows_year(c["y"], t), (s.key, t)
            if why == "same_work_other_phase":
                assert shows_phase(c["phase"], t), (s.key, t)
            if why == "same_work_other_group":
                assert any(g in t for g in s.groups[c["g"]]), (s.key, t)
        return ctx, a, b, why

    def build(self, rng):
        n_dup, n_hard, n_easy = PLAN
        order = SEEDS[:]
        rng.shuffle(order)
        recs = []
        for k in range(n_dup):
            ctx, a, b = self.dup_pair(rng, order[k % len(order)], paraphrase=k < PARAPHRASES)
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


def main():
    rng = random.Random(RNG_SEED)
    maker = EightStyles()
    pairs, keys = maker.build(rng)
    write_jsonl(OUT / "plan_items_duplicates_g.jsonl", pairs)
    (OUT / "template_keys_g.json").write_text(
        json.dumps({"g": {str(k): v for k, v in keys.items()}}, ensure_ascii=False, sort_keys=True) + "\n",
        encoding="utf-8",
    )
    hard = collections.Counter(p["hard"] for p in pairs if p.get("hard"))
    dups = [p for p in pairs if p["duplicate"]]
    no_fig = sum(not (figures(p["a"]) & figures(p["b"])) for p in dups)
    para = sum(is_paraphrase(p) for p in dups)
    print(
        "plan_items_duplicates_g.jsonl",
        len(pairs),
        "pairs;",
        len(dups),
        "duplicates,",
        no_fig,
        "of them with no figure in common,",
        para,
        "paraphrases (at most one content word in common);",
        dict(sorted(hard.items())),
    )


if __name__ == "__main__":
    main()
