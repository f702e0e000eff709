"""Build the third labelled set (set C, duplicates only): bench/data/plan_items_duplicates_c.jsonl from the
hand-written templates in seeds_h/i/j.py (36 new pieces of work, five wordings each in set B's five styles).
Deterministic (fixed random seed); run once, output committed. Written before any method was run on it and
before the method was changed again. Do not regenerate it to suit a method."""

import pathlib
import random
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]  # the seeds, and build_common.py in bench/data
from build_common import FiveStyles, write_jsonl  # noqa: E402
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


GEN = FiveStyles(areas=AREAS, villages=VILLAGES, landmarks=LANDMARKS, typos=TYPOS, abbrev=ABBREV, siblings=SIBLINGS)
PLAN = {"test": (42, 36, 26), "train": (84, 72, 52)}  # (duplicates, hard negatives, easy negatives)


def main():
    rng = random.Random(RNG_SEED)
    test_idx = choose_test_seeds(rng)
    pairs = GEN.build_pairs(rng, SEEDS, test_idx, PLAN)
    write_jsonl(OUT / "plan_items_duplicates_c.jsonl", pairs)
    print("plan_items_duplicates_c.jsonl", len(pairs), "held-out templates:", sorted(SEEDS[i].key for i in test_idx))


if __name__ == "__main__":
    main()
