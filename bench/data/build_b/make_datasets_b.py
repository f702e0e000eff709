"""Build the second labelled set (set B): bench/data/plan_items_tagged_b.jsonl and
plan_items_duplicates_b.jsonl from the hand-written templates in seeds_e/f/g.py. Deterministic (fixed
random seed); run once, output committed. Written after set A, with new templates, five styles of wording
and new places, before the methods were looked at again. Do not regenerate it to suit a method."""

import pathlib
import random
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]  # the seeds, and build_common.py in bench/data
from build_common import STYLES, FiveStyles, draw_test_seeds, strategies_covered, write_jsonl  # noqa: E402
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


def codes_of(s):
    return {c for scheme in ("ns", "mp", "nesdp", "sdg") for c in s.labels[scheme]}


# Every strategy and milestone, and every code that at least three templates carry, must be in both splits.
COMMON = {c for c in set().union(*map(codes_of, SEEDS)) if sum(c in codes_of(s) for s in SEEDS) >= 3}


def choose_test_seeds(rng):
    def covered(group):
        return strategies_covered(group) and set().union(*map(codes_of, group)) >= COMMON

    return draw_test_seeds(rng, SEEDS, N_TEST_SEEDS, covered, 20_000)


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


GEN = FiveStyles(
    areas=AREAS,
    villages=VILLAGES,
    landmarks=LANDMARKS,
    typos=TYPOS,
    abbrev=ABBREV,
    siblings=SIBLINGS,
    styles=STYLES,
)
PLAN = {"test": (44, 38, 28), "train": (88, 77, 55)}  # (duplicates, hard negatives, easy negatives)


def main():
    rng = random.Random(RNG_SEED)
    test_idx = choose_test_seeds(rng)
    items = GEN.build_items(rng, SEEDS, test_idx)
    pairs = GEN.build_pairs(rng, SEEDS, test_idx, PLAN)
    for name, rows in (("plan_items_tagged_b.jsonl", items), ("plan_items_duplicates_b.jsonl", pairs)):
        write_jsonl(OUT / name, rows)
        print(name, len(rows))


if __name__ == "__main__":
    main()
