"""Build bench/data/plan_items_tagged.jsonl and plan_items_duplicates.jsonl from the hand-written
work templates in seeds_*.py. Deterministic (fixed random seed); run once, output committed.
The committed .jsonl files and their SHA-256 in bench/data/README.md are the evaluation sets —
do not regenerate them to suit a method."""

import pathlib
import random
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]  # the seeds, and build_common.py in bench/data
from build_common import (  # noqa: E402
    ARABIC_DIGITS,
    BODY,
    PairSet,
    abbreviate,
    add_typo,
    draw_test_seeds,
    item,
    place_slots,
    shows_moo,
    strategies_covered,
    thai_digits,
    write_jsonl,
)
from seeds_a import SEEDS as A  # noqa: E402
from seeds_b import SEEDS as B  # noqa: E402
from seeds_c import SEEDS as C  # noqa: E402
from seeds_d import SEEDS as D  # noqa: E402

SEEDS = A + B + C + D
OUT = HERE.parent
RNG_SEED = 20261206
N_TEST_SEEDS = 38

AREAS = [  # fictional tambons in real provinces (tambon, amphoe, province)
    ("หนองบัวแดง", "โนนสูง", "ขอนแก่น"),
    ("ท่าข้าม", "บางปะกง", "ฉะเชิงเทรา"),
    ("ดอนแก้ว", "สันทราย", "เชียงใหม่"),
    ("โคกสว่าง", "ด่านขุนทด", "นครราชสีมา"),
    ("บางหญ้าแพรก", "พระประแดง", "สมุทรปราการ"),
    ("นาเหลือง", "ศรีสัชนาลัย", "สุโขทัย"),
    ("ทุ่งกระเจียว", "ปะทิว", "ชุมพร"),
    ("ห้วยยาง", "เขาสมิง", "ตราด"),
    ("โพนทอง", "เรณูนคร", "นครพนม"),
    ("บ้านเหล่า", "ปลาปาก", "นครพนม"),
    ("คลองน้ำเค็ม", "ปากพนัง", "นครศรีธรรมราช"),
    ("แม่ลาน้อย", "แม่สะเรียง", "แม่ฮ่องสอน"),
    ("หนองปลิง", "เมืองกำแพงเพชร", "กำแพงเพชร"),
    ("ตะเคียนเตี้ย", "บางละมุง", "ชลบุรี"),
    ("ปากน้ำโพธิ์", "ชุมแสง", "นครสวรรค์"),
    ("ลำพะยา", "เมืองยะลา", "ยะลา"),
    ("กุดจอก", "หนองบัวระเหว", "ชัยภูมิ"),
    ("วังน้ำเขียว", "ลานสัก", "อุทัยธานี"),
    ("บางแก้วฟ้า", "นครชัยศรี", "นครปฐม"),
    ("ห้วยทราย", "คำชะอี", "มุกดาหาร"),
    ("ท่าเสา", "เมืองอุตรดิตถ์", "อุตรดิตถ์"),
    ("เกาะยอ", "สิงหนคร", "สงขลา"),
    ("นาแก", "นาแห้ว", "เลย"),
    ("โนนเจริญ", "บ้านกรวด", "บุรีรัมย์"),
    ("คลองหก", "คลองหลวง", "ปทุมธานี"),
    ("สามเรือน", "บางปะอิน", "พระนครศรีอยุธยา"),
]
VILLAGES = [
    "โนนสว่าง",
    "หนองแวง",
    "ท่าช้าง",
    "ดงเย็น",
    "หัวนา",
    "โคกกลาง",
    "นาดี",
    "สันป่าสัก",
    "ป่าแดง",
    "ทุ่งเจริญ",
    "คลองใหม่",
    "บางพลับ",
    "ห้วยหิน",
    "ม่วงหวาน",
    "ศรีสำราญ",
    "หนองหญ้าปล้อง",
    "ดอนมูล",
    "ปากคลอง",
    "วังทอง",
    "สระบัว",
    "แม่ข่อง",
    "หนองตะไก้",
    "บ่อแก้ว",
    "ท่าโพธิ์",
    "เหล่าใหญ่",
    "นาสีนวล",
    "โพธิ์ชัย",
    "หินลาด",
]

N_RANGE = {
    "firebreak": (3, 25),
    "village_road": (150, 1200),
    "farm_road": (300, 2500),
    "solar_community": (5, 50),
    "cold_storage": (10, 100),
    "seed_bank": (5, 40),
    "ev_charging": (2, 10),
    "canal_clearing": (500, 3000),
    "drainage": (80, 600),
    "bridge_repair": (8, 40),
    "mangrove_walkway": (100, 800),
    "cctv": (4, 32),
    "solar_streetlight": (10, 60),
    "village_water_supply": (300, 2000),
    "check_dam": (3, 20),
    "groundwater_well": (1, 4),
    "dredge_pond": (3, 30),
    "digital_centre": (3, 15),
    "ev_boat": (2, 10),
    "cattle_bank": (10, 40),
    "fish_conservation": (15, 80),
    "integrated_farm": (10, 60),
    "community_forest": (20, 300),
    "mangrove_replant": (10, 100),
    "organic_fertilizer": (20, 200),
    "public_park": (2, 15),
    "fund_transparency": (3, 20),
    "product_hub": (5, 30),
    "business_incubator": (5, 25),
    "tambon_plan_forum": (8, 20),
    "welfare_database": (5, 30),
    "road_safety": (2, 12),
    "ev_motorcycle": (8, 40),
    "electronics_repair": (10, 40),
    "thai_massage": (10, 40),
    "vhv_training": (20, 150),
    "youth_council": (15, 60),
    "mediation": (10, 40),
    "stateless": (10, 200),
    "homeless": (20, 120),
    "ex_prisoner": (5, 40),
    "disability_jobs": (10, 40),
    "otop_weaving": (10, 60),
    "skill_standard": (10, 50),
    "online_market": (10, 60),
    "women_group": (10, 60),
    "smart_farm": (3, 20),
    "border_trade": (5, 40),
    "coffee_enterprise": (10, 80),
    "research_rice": (5, 40),
    "community_radio": (10, 40),
    "fruit_gap": (10, 80),
    "dropout_scholar": (5, 50),
    "adult_literacy": (5, 40),
    "cbt_homestay": (3, 20),
    "local_food_tour": (5, 30),
    "biogas": (5, 30),
    "grease_trap": (10, 120),
    "disability_home": (3, 20),
    "housing_repair_poor": (3, 25),
    "land_tenure": (20, 200),
    "canal_housing": (20, 200),
    "housing_bmk": (15, 150),
    "housing_coop_loan": (20, 150),
    "savings_group": (30, 300),
    "child_centre": (20, 80),
    "child_nutrition": (10, 60),
    "teen_pregnancy": (20, 120),
    "mental_health": (20, 150),
    "elderly_homecare": (5, 30),
    "food_bank": (10, 60),
    "merit_culture": (20, 200),
    "local_wisdom": (10, 40),
    "fire_volunteer": (20, 80),
    "flood_warning": (5, 30),
    "disaster_team": (10, 40),
    "flood_recovery": (10, 150),
    "elderly_school": (20, 120),
    "elderly_health": (20, 200),
    "returnee_skills": (10, 80),
    "time_bank": (10, 80),
}
BUD_RANGE = {
    "village_road": (300_000, 2_500_000),
    "farm_road": (200_000, 1_500_000),
    "bridge_repair": (500_000, 3_000_000),
    "housing_bmk": (1_000_000, 8_000_000),
    "canal_housing": (3_000_000, 20_000_000),
    "housing_coop_loan": (2_000_000, 15_000_000),
    "solar_community": (200_000, 1_500_000),
    "village_water_supply": (300_000, 2_000_000),
    "cold_storage": (500_000, 3_000_000),
    "dredge_pond": (300_000, 2_000_000),
    "drainage": (200_000, 1_500_000),
    "cctv": (100_000, 800_000),
    "mangrove_walkway": (300_000, 2_000_000),
    "groundwater_well": (300_000, 1_200_000),
}

TYPOS = [
    ("งบประมาณ", "งบประมาน"),
    ("ผู้สูงอายุ", "ผู้สูงอายู"),
    ("อนุรักษ์", "อนุรักษ"),
    ("กิจกรรม", "กิจกรม"),
    ("ครัวเรือน", "ครัวเรีอน"),
    ("โครงการ", "โครการ"),
    ("ศักยภาพ", "ศักยภาภ"),
    ("สาธารณะ", "สาธารณ"),
    ("ประสิทธิภาพ", "ประสิทธิภาภ"),
    ("สัปดาห์", "สัปดาห"),
    ("อินเทอร์เน็ต", "อินเตอร์เน็ต"),
    ("ประชาสัมพันธ์", "ประชาสัมพันธุ์"),
    ("เยาวชน", "เยาว์ชน"),
    ("อุปกรณ์", "อุปกร์ณ"),
    ("มาตรฐาน", "มาตราฐาน"),
    ("บริหาร", "บริการ"),
]
ABBREV = [
    ("องค์การบริหารส่วนตำบล", "อบต."),
    ("หมู่ที่ ", "ม."),
    ("สถาบันพัฒนาองค์กรชุมชน", "พอช."),
    ("โรงพยาบาลส่งเสริมสุขภาพตำบล", "รพ.สต."),
    ("คอนกรีตเสริมเหล็ก", "คสล."),
    ("ผู้สูงอายุ", "ผส."),
]


def money(rng, v):
    style = rng.random()
    if style < 0.45:
        return f"{v:,} บาท"
    if style < 0.6:
        return f"{v:,}.- บาท"
    if style < 0.72:
        return f"{v} บาท"
    if style < 0.85 and v % 10_000 == 0 and v < 1_000_000:
        return f"{v // 10_000} หมื่นบาท" if v % 100_000 else f"{v // 100_000} แสนบาท"
    if v >= 1_000_000 and v % 100_000 == 0:
        return f"{v / 1_000_000:g} ล้านบาท"
    return f"{v:,} บาท"


def new_ctx(rng, seed, area=None):
    t, a, p = area or rng.choice(AREAS)
    lo, hi = N_RANGE.get(seed.key, (10, 300))
    n = rng.randint(lo, hi)
    if n > 50:
        n = round(n, -1) if rng.random() < 0.7 else n
    blo, bhi = BUD_RANGE.get(seed.key, (20_000, 400_000))
    bud = rng.randrange(blo, bhi)
    bud = round(bud, -4) if bud > 100_000 else round(bud, -3)
    return {
        "t": t,
        "a": a,
        "p": p,
        "m": rng.randint(1, 14),
        "b": rng.choice(VILLAGES),
        "n": n,
        "bud": bud,
        "y": rng.choice([2567, 2568, 2569, 2570]),
        "g": seed.g[0] if seed.g else "",
        "g_idx": 0,
        "loc": rng.random() < 0.35,
    }


def fill(rng, tmpl, ctx):
    vals = {
        "t": ctx["t"],
        "p": ctx["p"],
        "m": str(ctx["m"]),
        "b": ctx["b"],
        "n": f"{ctx['n']:,}" if ctx["n"] >= 10_000 else str(ctx["n"]),
        "bud": ctx["bud_text"],
        "y": str(ctx["y"]),
        "g": ctx["g"],
        "area": f"{ctx['n'] * 4:,}",
    }
    return tmpl.format(**vals)


def render(rng, seed, variant, ctx, style_rng=None):
    """variant 0 formal, 1 plain, 2 short. Returns dict(title_th, detail_th, body_kind)."""
    r = style_rng or rng
    ctx = dict(ctx)
    ctx["bud_text"] = money(r, ctx["bud"])
    title_t, detail_t = seed.texts[variant]
    title = fill(r, title_t, ctx)
    detail = fill(r, detail_t, ctx)
    if "{bud}" not in title_t + detail_t and r.random() < 0.3:
        detail += (" งบประมาณ " if variant == 0 else " ขอ ") + ctx["bud_text"]
    if ctx.get("loc") and "{m}" not in title_t + detail_t:
        place = [f"หมู่ที่ {ctx['m']} บ้าน{ctx['b']}", f"ม.{ctx['m']} บ.{ctx['b']}", f"บ้าน{ctx['b']} หมู่ {ctx['m']}"][variant]
        detail += (" (พื้นที่ดำเนินการ " + place + ")") if variant == 0 else (" ที่" + place)
    if variant == 0 and r.random() < 0.25:
        detail += f" ระยะเวลาดำเนินการ ตุลาคม {ctx['y'] - 1} – กันยายน {ctx['y']}"
    if variant != 0:
        title, detail = abbreviate(r, title, detail, ABBREV, 0.5)
    title, detail = add_typo(r, title, detail, TYPOS)
    title, detail = thai_digits(r, title, detail, variant == 0)
    return item(title, detail, seed.bodies[variant])


def area_hint(rng, ctx):
    k = rng.random()
    if k < 0.6:
        return f"ต.{ctx['t']} อ.{ctx['a']} จ.{ctx['p']}"
    if k < 0.85:
        return f"ตำบล{ctx['t']} {ctx['p']}"
    return f"{ctx['t']}, {ctx['p']}"


def choose_test_seeds(rng):
    return draw_test_seeds(rng, SEEDS, N_TEST_SEEDS, strategies_covered, 10_000)


def group_ctx(rng, s):
    """A context for template s with one of its target groups drawn."""
    ctx = new_ctx(rng, s)
    if s.g:
        ctx["g"] = rng.choice(s.g)
    return ctx


def other_body(rng, body):
    return rng.choice([b for b in BODY.values() if b != body])


def dup_pair(rng, s):
    ctx = group_ctx(rng, s)
    i, j = rng.sample(range(3), 2)
    a = render(rng, s, i, ctx)
    ctx_b = dict(ctx)
    if rng.random() < 0.35:  # the other body quotes another budget
        ctx_b["bud"] = int(round(ctx["bud"] * rng.choice([0.7, 0.8, 0.9, 1.1, 1.2, 1.25, 1.5]), -3))
    if rng.random() < 0.5:  # the place is mentioned by one body, by both, or by neither
        ctx_b["loc"] = rng.random() < 0.35
    b = render(rng, s, j, ctx_b)
    if a["body_kind"] == b["body_kind"]:
        b["body_kind"] = other_body(rng, a["body_kind"])
    return ctx, a, b


# Pairs of templates that are the same kind of work but not the same work when written for the same place
# (used for "sibling" hard negatives). Pairs that overlap too much (e.g. Baan Mankong vs repairing poor
# households' houses, elderly screening vs NCD screening) are deliberately left out.
SIBLINGS = {
    frozenset(p)
    for p in [
        ("village_road", "farm_road"),
        ("village_road", "drainage"),
        ("village_road", "solar_streetlight"),
        ("farm_road", "bridge_repair"),
        ("drainage", "canal_clearing"),
        ("dengue", "ncd_screen"),
        ("ncd_screen", "mental_health"),
        ("elderly_health", "elderly_school"),
        ("elderly_school", "digital_literacy"),
        ("waste_bank", "waste_sorting"),
        ("community_forest", "firebreak"),
        ("community_forest", "mangrove_replant"),
        ("mangrove_replant", "mangrove_walkway"),
        ("fish_conservation", "mangrove_replant"),
        ("solar_community", "ev_charging"),
        ("solar_community", "solar_streetlight"),
        ("biogas", "organic_fertilizer"),
        ("dredge_pond", "check_dam"),
        ("dredge_pond", "groundwater_well"),
        ("canal_clearing", "dredge_pond"),
        ("organic_veg", "integrated_farm"),
        ("organic_veg", "smart_farm"),
        ("rice_mill", "agro_processing"),
        ("rice_mill", "research_rice"),
        ("cattle_bank", "biogas"),
        ("seed_bank", "rice_mill"),
        ("otop_weaving", "online_market"),
        ("online_market", "product_hub"),
        ("business_incubator", "online_market"),
        ("savings_group", "farmer_debt"),
        ("savings_group", "welfare_members"),
        ("village_shop", "green_market"),
        ("welfare_members", "welfare_benefits"),
        ("welfare_benefits", "welfare_disaster"),
        ("welfare_database", "tpmap_verify"),
        ("housing_survey", "tpmap_verify"),
        ("welfare_database", "housing_survey"),
        ("cbt_homestay", "local_food_tour"),
        ("cbt_homestay", "culture_route"),
        ("culture_route", "local_wisdom"),
        ("thai_massage", "herbal_products"),
        ("youth_council", "youth_drug_sport"),
        ("drug_free_village", "youth_drug_sport"),
        ("child_centre", "child_nutrition"),
        ("dropout_scholar", "learning_centre"),
        ("adult_literacy", "learning_centre"),
        ("tambon_plan_forum", "tambon_charter"),
        ("tambon_plan_forum", "self_managing_province"),
        ("disaster_team", "fire_volunteer"),
        ("flood_warning", "flood_recovery"),
        ("returnee_skills", "skill_standard"),
        ("returnee_skills", "electronics_repair"),
        ("ev_motorcycle", "electronics_repair"),
        ("ex_prisoner", "returnee_skills"),
        ("cctv", "solar_streetlight"),
        ("road_safety", "cctv"),
        ("food_bank", "elderly_homecare"),
        ("pension_saving", "savings_group"),
        ("coffee_enterprise", "agro_processing"),
        ("ev_boat", "mangrove_walkway"),
        ("homeless", "housing_repair_poor"),
        ("community_sport", "youth_drug_sport"),
        ("teen_pregnancy", "youth_council"),
        ("alcohol_smoking", "drug_free_village"),
        ("market_hygiene", "green_market"),
        ("e_service", "mobile_service"),
        ("mediation", "tambon_charter"),
        ("fund_transparency", "savings_group"),
        ("con_network", "self_managing_province"),
        ("women_group", "otop_weaving"),
        ("disability_jobs", "returnee_skills"),
        ("time_bank", "elderly_school"),
        ("cold_storage", "product_hub"),
        ("border_trade", "online_market"),
        ("public_park", "community_sport"),
        ("grease_trap", "canal_clearing"),
        ("no_burn", "firebreak"),
        ("fruit_gap", "organic_veg"),
        ("land_tenure", "housing_survey"),
        ("canal_housing", "grease_trap"),
        ("stateless", "tpmap_verify"),
        ("vhv_training", "elderly_homecare"),
        ("thai_herbal_garden", "herbal_products"),
        ("child_nutrition", "food_bank"),
        ("housing_coop_loan", "savings_group"),
        ("housing_bmk", "housing_survey"),
        ("disability_home", "disability_jobs"),
        ("community_radio", "online_market"),
        ("merit_culture", "local_wisdom"),
        ("risk_mapping", "flood_recovery"),
        ("ev_charging", "ev_motorcycle"),
    ]
}


def placeable(s):
    """Work located in one village/moo (or aimed at one target group), so the same work elsewhere is other work."""
    text = "".join(t for pair in s.texts for t in pair)
    return "{m}" in text or "{b}" in text or len(s.g) > 1


def hard_pair(rng, s, siblings):
    """Same topic, different work: the same template at another moo/village/target group, or a sibling
    template of the same topic at the same place."""
    ctx = new_ctx(rng, s)
    if siblings and (rng.random() < 0.55 or not placeable(s)):
        s2 = rng.choice(siblings)
        i, j = rng.randrange(3), rng.randrange(3)
        ctx2 = new_ctx(rng, s2, (ctx["t"], ctx["a"], ctx["p"]))
        ctx2.update(m=ctx["m"], b=ctx["b"], y=ctx["y"], loc=ctx["loc"])
        return ctx, render(rng, s, i, ctx), render(rng, s2, j, ctx2)
    pairs = [(i, j) for i in range(3) for j in range(3)]
    rng.shuffle(pairs)
    if rng.random() < 0.75:  # mostly two different wordings; sometimes the same wording copied for another place
        pairs.sort(key=lambda p: p[0] == p[1])
    for i, j in pairs:
        common = place_slots(s, i, "mbg") & place_slots(s, j, "mbg")
        if common:
            break
    else:
        i, j, common = rng.randrange(3), rng.randrange(3), {"m", "b"}
        ctx["loc"] = True
    ctx_b = dict(ctx)
    if "g" in common and len(s.g) > 1 and (not ({"m", "b"} & common) or rng.random() < 0.6):
        ctx["g"], ctx_b["g"] = rng.sample(s.g, 2)
    else:
        ctx_b["m"] = rng.choice([m for m in range(1, 15) if m != ctx["m"]])
        ctx_b["b"] = rng.choice([v for v in VILLAGES if v != ctx["b"]])
        if not ({"m", "b"} & common):
            ctx["loc"] = ctx_b["loc"] = True  # the place must show in both texts
    a, b = render(rng, s, i, ctx), render(rng, s, j, ctx_b)
    for c, r in ((ctx, a), (ctx_b, b)):  # the place or group that makes the difference must be written out
        text = (r["title_th"] + " " + r["detail_th"]).translate(ARABIC_DIGITS)
        if ctx["g"] != ctx_b["g"]:
            assert c["g"] in text, (s.key, c["g"], text)
        else:
            assert c["b"] in text or shows_moo(c["m"], text), (s.key, text)
    return ctx, a, b


class SetA(PairSet):
    """Set A's three wordings and filling in the item and pair building shared with sets B and C."""

    n_styles = 3
    siblings = SIBLINGS
    new_ctx = staticmethod(new_ctx)
    item_ctx = staticmethod(group_ctx)
    render = staticmethod(render)
    area_hint = staticmethod(area_hint)
    dup_pair = staticmethod(dup_pair)
    hard_pair = staticmethod(hard_pair)

    @staticmethod
    def hard_ok(s, sibs):
        return placeable(s) or bool(sibs)


PLAN = {"test": (40, 35, 26), "train": (81, 70, 51)}  # (duplicates, hard negatives, easy negatives)


def main():
    rng = random.Random(RNG_SEED)
    test_idx = choose_test_seeds(rng)
    items = SetA().build_items(rng, SEEDS, test_idx)
    pairs = SetA().build_pairs(rng, SEEDS, test_idx, PLAN)
    for name, rows in (("plan_items_tagged.jsonl", items), ("plan_items_duplicates.jsonl", pairs)):
        write_jsonl(OUT / name, rows)
        print(name, len(rows))


if __name__ == "__main__":
    main()
