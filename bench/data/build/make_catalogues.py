"""Write the strategy catalogues under bench/data/strategies/ (run once; output committed)."""

import json
import pathlib

OUT = pathlib.Path(__file__).resolve().parent.parent / "strategies"
OUT.mkdir(exist_ok=True)


def dump(name, obj):
    (OUT / name).write_text(json.dumps(obj, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


# ---------------- National Strategy ----------------
ns = [
    ("NS1", "ยุทธศาสตร์ชาติด้านความมั่นคง", "Security"),
    ("NS2", "ยุทธศาสตร์ชาติด้านการสร้างความสามารถในการแข่งขัน", "Competitiveness enhancement"),
    ("NS3", "ยุทธศาสตร์ชาติด้านการพัฒนาและเสริมสร้างศักยภาพทรัพยากรมนุษย์", "Human capital development and strengthening"),
    (
        "NS4",
        "ยุทธศาสตร์ชาติด้านการสร้างโอกาสและความเสมอภาคทางสังคม",
        "Social opportunity and equality (social cohesion and just society)",
    ),
    ("NS5", "ยุทธศาสตร์ชาติด้านการสร้างการเติบโตบนคุณภาพชีวิตที่เป็นมิตรต่อสิ่งแวดล้อม", "Eco-friendly development and growth"),
    ("NS6", "ยุทธศาสตร์ชาติด้านการปรับสมดุลและพัฒนาระบบการบริหารจัดการภาครัฐ", "Public sector rebalancing and development"),
]
dump(
    "national_strategy.json",
    {
        "code": "ns",
        "name_th": "ยุทธศาสตร์ชาติ (พ.ศ. 2561 - 2580)",
        "name_en": "National Strategy 2018–2037 (B.E. 2561–2580)",
        "version": "ฉบับประกาศราชกิจจานุเบกษา เล่ม 135 ตอนที่ 82 ก, 13 ตุลาคม 2561 (original; no amendment of the 6 strategies known to us)",
        "years_be": [2561, 2580],
        "sources": [
            {
                "title": "ประกาศ เรื่อง ยุทธศาสตร์ชาติ (พ.ศ. ๒๕๖๑ - ๒๕๘๐)",
                "publisher": "ราชกิจจานุเบกษา (Royal Gazette), vol. 135 part 82 ก; prepared by the Office of the National Economic and Social Development Council (NESDC) as secretariat of the National Strategy Committee",
                "year": 2018,
                "url": "https://www.scribd.com/document/608495850/ (copy of the Royal Gazette print found via search; official copy: http://www.ratchakitcha.soc.go.th/ and https://nscr.nesdc.go.th/)",
                "found_via": "search corpus 'pages' (scribd copy, heading text 'เล่ม ๑๓๕ ตอนที่ ๘๒ ก ราชกิจจานุเบกษา ๑๓ ตุลาคม ๒๕๖๑')",
            },
            {
                "title": "Seed 001 (CODI 3-year plan 2563–2565 workshop)",
                "publisher": "CODI news, 2019",
                "year": 2019,
                "url": None,
                "seed": "001_ccaefc3313a8c9ce.txt",
                "note": "names strategy 4 'การสร้างโอกาสและความเสมอภาคทางสังคม' and its issue 4 'การเพิ่มขีดความสามารถของชุมชนท้องถิ่นในการพัฒนา การพึ่งตนเองและการจัดการตนเอง' as the one relevant to CODI",
            },
        ],
        "entries": [
            {
                "code": c,
                "number": i + 1,
                "name_th": th,
                "name_en": en,
                "from_seed": c == "NS4",
                "verified": True,
                "verified_by": "secondary" + ("+seed" if c == "NS4" else ""),
                "verify_note": ("wording of strategy 4 as in seed 001; " if c == "NS4" else "")
                + "Thai name matches a secondary copy: public GitHub code found with the find_string tool (Thai provincial/agency planning dashboards that list the official names); find_string hit ids 70955315836, 14914044650, 51920998978 (the gazette itself was read only to its title page); "
                + ("some copies write 'เป็นมิตรกับสิ่งแวดล้อม' for 'เป็นมิตรต่อสิ่งแวดล้อม'; " if c == "NS5" else "")
                + "English names follow NESDC's usual translation (not verified).",
            }
            for i, (c, th, en) in enumerate(ns)
        ],
        "sub_issues_known": [
            {
                "code": "NS4.4",
                "parent": "NS4",
                "name_th": "การเพิ่มขีดความสามารถของชุมชนท้องถิ่นในการพัฒนา การพึ่งตนเองและการจัดการตนเอง",
                "name_en": "Strengthening local communities' capacity to develop, rely on and manage themselves",
                "from_seed": True,
                "seed": "001_ccaefc3313a8c9ce.txt",
                "verified": False,
            }
        ],
    },
)

# ---------------- Master plans ----------------
mp = [
    ("ความมั่นคง", "Security"),
    ("การต่างประเทศ", "Foreign affairs"),
    ("การเกษตร", "Agriculture"),
    ("อุตสาหกรรมและบริการแห่งอนาคต", "Future industries and services"),
    ("การท่องเที่ยว", "Tourism"),
    ("พื้นที่และเมืองน่าอยู่อัจฉริยะ", "Liveable smart areas and cities"),
    ("โครงสร้างพื้นฐาน ระบบโลจิสติกส์ และดิจิทัล", "Infrastructure, logistics and digital"),
    ("ผู้ประกอบการและวิสาหกิจขนาดกลางและขนาดย่อมยุคใหม่", "Entrepreneurs and new-generation SMEs"),
    ("เขตเศรษฐกิจพิเศษ", "Special economic zones"),
    ("การปรับเปลี่ยนค่านิยมและวัฒนธรรม", "Changing values and culture"),
    ("การพัฒนาศักยภาพคนตลอดช่วงชีวิต", "Human potential across the life course"),
    ("การพัฒนาการเรียนรู้", "Learning development"),
    ("การเสริมสร้างให้คนไทยมีสุขภาวะที่ดี", "Well-being of Thai people (health)"),
    ("ศักยภาพการกีฬา", "Sports potential"),
    ("พลังทางสังคม", "Social power"),
    ("เศรษฐกิจฐานราก", "Grassroots (community) economy"),
    ("ความเสมอภาคและหลักประกันทางสังคม", "Social equality and social protection"),
    ("การเติบโตอย่างยั่งยืน", "Sustainable (green) growth"),
    ("การบริหารจัดการน้ำทั้งระบบ", "Integrated water resource management"),
    ("การบริการประชาชนและประสิทธิภาพภาครัฐ", "Public services and public-sector efficiency"),
    ("การต่อต้านการทุจริตและประพฤติมิชอบ", "Anti-corruption and misconduct"),
    ("กฎหมายและกระบวนการยุติธรรม", "Law and the justice process"),
    ("การวิจัยและพัฒนานวัตกรรม", "Research and innovation development"),
]
# main parent national strategy of each master plan (NESDC's mapping, as we understand it; unverified)
mp_ns = {
    1: "NS1",
    2: "NS1",
    3: "NS2",
    4: "NS2",
    5: "NS2",
    6: "NS2",
    7: "NS2",
    8: "NS2",
    9: "NS2",
    10: "NS3",
    11: "NS3",
    12: "NS3",
    13: "NS3",
    14: "NS3",
    15: "NS4",
    16: "NS4",
    17: "NS4",
    18: "NS5",
    19: "NS5",
    20: "NS6",
    21: "NS6",
    22: "NS6",
    23: "NS2",
}
dump(
    "master_plans.json",
    {
        "code": "mp",
        "name_th": "แผนแม่บทภายใต้ยุทธศาสตร์ชาติ (23 ประเด็น)",
        "name_en": "Master plans under the National Strategy (23 issues)",
        "version": "ฉบับแก้ไขเพิ่มเติม พ.ศ. 2566 (แผนแม่บทภายใต้ยุทธศาสตร์ชาติ (พ.ศ. 2566 - 2580)), ราชกิจจานุเบกษา เล่ม 140 ตอนพิเศษ 51 ง, 7 มีนาคม 2566; the 23 issue names are the same as in the 2562 original",
        "years_be": [2566, 2580],
        "sources": [
            {
                "title": "ประกาศสำนักนายกรัฐมนตรี เรื่อง แผนแม่บทภายใต้ยุทธศาสตร์ชาติ (พ.ศ. ๒๕๖๖ - ๒๕๘๐) (ฉบับแก้ไขเพิ่มเติม)",
                "publisher": "ราชกิจจานุเบกษา vol. 140 special part 51 ง (Office of the Prime Minister; NESDC)",
                "year": 2023,
                "url": "https://www.scribd.com/document/631653177/ (copy found via search; official: https://nscr.nesdc.go.th/)",
                "found_via": "search corpus 'pages', title page text",
            },
            {
                "title": "ยุทธศาสตร์ชาติสู่แผนแม่บทภายใต้ยุทธศาสตร์ชาติ 23 ประเด็น (infographic booklet, nscr.nesdc.go.th)",
                "publisher": "NESDC",
                "year": None,
                "url": "https://anyflip.com/tbnvn/vojk/basic",
                "found_via": "search corpus 'pages'; lists '1. ความมั่นคง 2. การต่างประเทศ 3. การเกษตร 4. อุตสาหกรรมและบริการแห่งอนาคต 5. การท่องเที่ยว 6. พื้นที่และเมืองน่าอยู่อัจฉริยะ 7. โครงสร้างพื้นฐานระบบโลจิสติกส์และดิจิทัล 8. ผู้ประกอบการและวิสาหกิจขนาดกลางและขนาดย่อมยุคใหม่ 9. เขตเศรษฐกิจพิเศษ 10. การปรับเปลี่ยนค่านิยมและวัฒนธรรม 11. การพัฒนาศักยภาพคนตลอดช่วงชีวิต 12. การพัฒ…' (excerpt cut at 12)",
            },
            {
                "title": "Seed 001",
                "seed": "001_ccaefc3313a8c9ce.txt",
                "year": 2019,
                "url": None,
                "publisher": "CODI news",
                "note": "names issues 15 พลังทางสังคม, 16 เศรษฐกิจฐานราก, 17 ความเสมอภาคและหลักประกันทางสังคม as those aligned with CODI's work",
            },
        ],
        "entries": [
            {
                "code": f"MP{i + 1:02d}",
                "number": i + 1,
                "name_th": th,
                "name_en": en,
                "national_strategy": mp_ns[i + 1],
                "from_seed": (i + 1) in (15, 16, 17),
                "verified": True,
                "verified_by": ("official" if (i + 1) <= 11 else "secondary")
                + ("+seed" if (i + 1) in (15, 16, 17) else ""),
                "verify_note": (
                    "Thai name matches the NESDC booklet excerpt (anyflip.com/tbnvn/vojk)"
                    if (i + 1) <= 11
                    else "Thai name matches a secondary copy: public GitHub code found with the find_string tool (Thai provincial/agency planning dashboards that list the official names); find_string hit ids 54128947553, 53766622420, 54777557714 (the NESDC booklet excerpt stops at issue 12)"
                )
                + ("; also as in seed 001" if (i + 1) in (15, 16, 17) else "")
                + ("; some copies write 'ศักยภาพคนตลอดช่วงชีวิต' without 'การพัฒนา'" if (i + 1) == 11 else "")
                + "; English name is our translation; 'national_strategy' is the main parent strategy as we understand it (unverified).",
            }
            for i, (th, en) in enumerate(mp)
        ],
    },
)

# ---------------- NESDP 13 ----------------
dims = [
    ("D1", "มิติภาคการผลิตและบริการเป้าหมาย", "Target economic sectors (production and services)"),
    ("D2", "มิติโอกาสและความเสมอภาคทางเศรษฐกิจและสังคม", "Economic and social opportunity and equality"),
    ("D3", "มิติความยั่งยืนของทรัพยากรธรรมชาติและสิ่งแวดล้อม", "Sustainability of natural resources and the environment"),
    ("D4", "มิติปัจจัยผลักดันการพลิกโฉมประเทศ", "Enablers of national transformation"),
]
ms = [
    (
        "D1",
        "ไทยเป็นประเทศชั้นนำด้านสินค้าเกษตรและเกษตรแปรรูปมูลค่าสูง",
        "Thailand is a leading country in high-value agricultural and agro-processed products",
    ),
    (
        "D1",
        "ไทยเป็นจุดหมายของการท่องเที่ยวที่เน้นคุณภาพและความยั่งยืน",
        "Thailand is a destination for quality and sustainable tourism",
    ),
    (
        "D1",
        "ไทยเป็นฐานการผลิตยานยนต์ไฟฟ้าที่สำคัญของโลก",
        "Thailand is an important global production base for electric vehicles",
    ),
    ("D1", "ไทยเป็นศูนย์กลางทางการแพทย์และสุขภาพมูลค่าสูง", "Thailand is a hub for high-value medical and health services"),
    (
        "D1",
        "ไทยเป็นประตูการค้าการลงทุนและยุทธศาสตร์ทางโลจิสติกส์ที่สำคัญของภูมิภาค",
        "Thailand is a key regional trade and investment gateway and logistics hub",
    ),
    (
        "D1",
        "ไทยเป็นศูนย์กลางอุตสาหกรรมอิเล็กทรอนิกส์อัจฉริยะและอุตสาหกรรมดิจิทัลของอาเซียน",
        "Thailand is ASEAN's hub for the smart electronics and digital industries",
    ),
    (
        "D2",
        "ไทยมีวิสาหกิจขนาดกลางและขนาดย่อมที่เข้มแข็ง มีศักยภาพสูง และสามารถแข่งขันได้",
        "Thailand has strong, high-potential, competitive SMEs",
    ),
    (
        "D2",
        "ไทยมีพื้นที่และเมืองอัจฉริยะที่น่าอยู่ ปลอดภัย เติบโตได้อย่างยั่งยืน",
        "Thailand has liveable, safe, sustainably growing smart areas and cities",
    ),
    (
        "D2",
        "ไทยมีความยากจนข้ามรุ่นลดลง และมีความคุ้มครองทางสังคมที่เพียงพอ เหมาะสม",
        "Thailand has less intergenerational poverty and adequate, appropriate social protection",
    ),
    ("D3", "ไทยมีเศรษฐกิจหมุนเวียนและสังคมคาร์บอนต่ำ", "Thailand has a circular economy and a low-carbon society"),
    (
        "D3",
        "ไทยสามารถลดความเสี่ยงและผลกระทบจากภัยธรรมชาติและการเปลี่ยนแปลงสภาพภูมิอากาศ",
        "Thailand reduces the risks and impacts of natural disasters and climate change",
    ),
    (
        "D4",
        "ไทยมีกำลังคนสมรรถนะสูง มุ่งเรียนรู้อย่างต่อเนื่อง ตอบโจทย์การพัฒนาแห่งอนาคต",
        "Thailand has a high-performing workforce, learning continuously, fit for future development",
    ),
    (
        "D4",
        "ไทยมีภาครัฐที่ทันสมัย มีประสิทธิภาพ และตอบโจทย์ประชาชน",
        "Thailand has a modern, efficient public sector responsive to the people",
    ),
]
seed_ms = {
    9: "ความยากจนข้ามรุ่นและความคุ้มครองทางสังคม",
    13: "ภาครัฐที่ทันสมัย มีประสิทธิภาพ ตอบโจทย์ประชาชน",
    12: "กำลังคนที่มีสมรรถนะสูง",
    2: "การท่องเที่ยว",
    1: "การเกษตรแปรรูป",
    10: "เศรษฐกิจหมุนเวียน",
}
dump(
    "nesdp13.json",
    {
        "code": "nesdp",
        "name_th": "แผนพัฒนาเศรษฐกิจและสังคมแห่งชาติ ฉบับที่ 13 (พ.ศ. 2566 - 2570)",
        "name_en": "13th National Economic and Social Development Plan (2023–2027)",
        "version": "ฉบับประกาศราชกิจจานุเบกษา เล่ม 139 ตอนพิเศษ 258 ง (ประกาศใช้ 1 ตุลาคม 2565)",
        "years_be": [2566, 2570],
        "sources": [
            {
                "title": "แผนพัฒนาเศรษฐกิจและสังคมแห่งชาติ ฉบับที่ 13 (พ.ศ. 2566 - 2570)",
                "publisher": "NESDC (สศช.); ราชกิจจานุเบกษา vol. 139 special part 258 ง",
                "year": 2022,
                "url": "https://www.nesdc.go.th/ (official PDF); gazette publication reported at https://www.blockdit.com/posts/636d77bcebe5316fa4423986",
                "found_via": "search corpus 'pages' (news of gazette publication; cabinet approval 3 May 2565: https://siamrath.co.th/n/346544)",
            },
            {
                "title": "Seed 000 (CODI Bangkok-metro-east regional subcommittee meeting, 2022)",
                "seed": "000_19410df955be1bbd.txt",
                "publisher": "CODI news",
                "year": 2022,
                "url": None,
                "note": "quotes the 4 dimensions verbatim and names milestones informally: 'ความยากจนข้ามรุ่นและความคุ้มครองทางสังคม ภาครัฐที่ทันสมัย มีประสิทธิภาพ ตอบโจทย์ประชาชน กำลังคนที่มีสมรรถนะสูง การท่องเที่ยว การเกษตรแปรรูป เศรษฐกิจหมุนเวียน'",
            },
        ],
        "dimensions": [
            {
                "code": c,
                "number": i + 1,
                "name_th": th,
                "name_en": en,
                "from_seed": True,
                "seed": "000_19410df955be1bbd.txt",
                "verified": True,
                "verify_note": "Thai wording as quoted in seed 000 (a CODI report quoting the plan); English is our translation",
            }
            for i, (c, th, en) in enumerate(dims)
        ],
        "entries": [
            {
                "code": f"M{i + 1:02d}",
                "number": i + 1,
                "dimension": d,
                "name_th": th,
                "name_en": en,
                "seed_mention_th": seed_ms.get(i + 1),
                "from_seed": (i + 1) in seed_ms,
                "verified": True,
                "verified_by": "secondary" + ("+seed" if (i + 1) in seed_ms else ""),
                "verify_note": "Thai title matches a secondary copy: public GitHub code found with the find_string tool (Thai provincial/agency planning dashboards that list the official names); find_string hit ids 53755812134, 53766622420, 53974508939 (identical lists in several files); the official NESDC PDF was not read; English is our translation",
            }
            for i, (d, th, en) in enumerate(ms)
        ],
    },
)

# ---------------- SDGs ----------------
sdg = [
    ("ขจัดความยากจน", "No poverty"),
    ("ขจัดความหิวโหย", "Zero hunger"),
    ("การมีสุขภาพและความเป็นอยู่ที่ดี", "Good health and well-being"),
    ("การศึกษาที่เท่าเทียม", "Quality education"),
    ("ความเท่าเทียมทางเพศ", "Gender equality"),
    ("การจัดการน้ำและสุขาภิบาล", "Clean water and sanitation"),
    ("พลังงานสะอาดที่ทุกคนเข้าถึงได้", "Affordable and clean energy"),
    ("การจ้างงานที่มีคุณค่าและการเติบโตทางเศรษฐกิจ", "Decent work and economic growth"),
    ("อุตสาหกรรม นวัตกรรม โครงสร้างพื้นฐาน", "Industry, innovation and infrastructure"),
    ("ลดความเหลื่อมล้ำ", "Reduced inequalities"),
    ("เมืองและถิ่นฐานมนุษย์อย่างยั่งยืน", "Sustainable cities and communities"),
    ("แผนการบริโภคและการผลิตที่ยั่งยืน", "Responsible consumption and production"),
    ("การรับมือการเปลี่ยนแปลงสภาพภูมิอากาศ", "Climate action"),
    ("การใช้ประโยชน์จากมหาสมุทรและทรัพยากรทางทะเล", "Life below water"),
    ("การใช้ประโยชน์จากระบบนิเวศทางบก", "Life on land"),
    ("สังคมสงบสุข ยุติธรรม ไม่แบ่งแยก", "Peace, justice and strong institutions"),
    ("ความร่วมมือเพื่อการพัฒนาที่ยั่งยืน", "Partnerships for the goals"),
]
dump(
    "sdg.json",
    {
        "code": "sdg",
        "name_th": "เป้าหมายการพัฒนาที่ยั่งยืน (SDGs) 17 เป้าหมาย",
        "name_en": "Sustainable Development Goals (17 goals)",
        "version": "UN General Assembly resolution A/RES/70/1 (2015), 'Transforming our world: the 2030 Agenda'",
        "sources": [
            {
                "title": "Transforming our world: the 2030 Agenda for Sustainable Development (A/RES/70/1)",
                "publisher": "United Nations",
                "year": 2015,
                "url": "https://sdgs.un.org/goals",
                "note": "English short names are the UN's official icon names",
            },
            {
                "title": "SDG pages of NESDC (Thai national SDG focal point)",
                "publisher": "NESDC",
                "year": None,
                "url": "https://sdgs.nesdc.go.th/goal-10",
                "found_via": "search corpus 'pages'; its Thai title for goal 10 is the long form 'ลดความไม่เสมอภาคภายในและระหว่างประเทศ'",
            },
            {
                "title": "Thai short names list (Chiang Mai University STRI tip page)",
                "publisher": "Chiang Mai University",
                "year": None,
                "url": "https://stri.cmu.ac.th/tip_detail.php?id=57",
                "found_via": "search corpus 'pages'; gives goals 1–8 with the Thai short names used here (1 ขจัดความยากจน … 8 การจ้างงานที่มีคุณค่าและการเติบโตทางเศรษฐกิจ)",
            },
            {
                "title": "Seed 000",
                "seed": "000_19410df955be1bbd.txt",
                "note": "mentions 'เป้าหมายความยั่งยืนของประเทศไทย' alongside BCG",
                "year": 2022,
                "url": None,
                "publisher": "CODI news",
            },
        ],
        "note_th_names": "Thailand has no single gazetted set of Thai short names; the short forms below are those widely used by UN Thailand/Thai agencies. All 17 match several public copies (see verify_note); goals 1–8 also match the CMU page. NESDC uses longer Thai titles.",
        "entries": [
            {
                "code": f"SDG{i + 1:02d}",
                "number": i + 1,
                "name_th": th,
                "name_en": en,
                "verified_en": True,
                "verified": True,
                "verified_by": "secondary",
                "verify_note": "English = UN official short name. Thai short name matches "
                + ("stri.cmu.ac.th and " if (i + 1) <= 8 else "")
                + "a secondary copy: public GitHub code found with the find_string tool (Thai provincial/agency planning dashboards that list the official names); find_string hit ids 62990566530, 17054363452, 57995846786, 14837226206 (not a gazetted list)",
            }
            for i, (th, en) in enumerate(sdg)
        ],
    },
)

# ---------------- BCG ----------------
dump(
    "bcg.json",
    {
        "code": "bcg",
        "name_th": "โมเดลเศรษฐกิจ BCG (เศรษฐกิจชีวภาพ เศรษฐกิจหมุนเวียน เศรษฐกิจสีเขียว)",
        "name_en": "Bio-Circular-Green (BCG) Economy Model",
        "version": "BCG strategic plan 2564–2570 (แผนยุทธศาสตร์การขับเคลื่อนการพัฒนาประเทศไทยด้วยโมเดลเศรษฐกิจ BCG พ.ศ. 2564 - 2570), cabinet 2021; BCG is also one of the four principles of the 13th NESDP",
        "sources": [
            {
                "title": "โมเดลเศรษฐกิจ BCG สู่เป้าหมายประเทศไทย ปี 2570",
                "publisher": "thailand.go.th (Government of Thailand portal)",
                "year": None,
                "url": "https://thailand.go.th/issue-focus-detail/001-003-018?hl=th",
                "found_via": "search corpus 'pages'",
            },
            {
                "title": "BCG Economy Model (NSTDA channel)",
                "publisher": "NSTDA",
                "year": 2021,
                "url": "http://nstdachannel.tv/20210323-bcg-economy-model/",
                "found_via": "search corpus 'pages'; names the three parts เศรษฐกิจชีวภาพ, เศรษฐกิจหมุนเวียน และเศรษฐกิจสีเขียว",
            },
            {
                "title": "NESDP 13 cabinet approval (principles incl. BCG)",
                "publisher": "siamrath.co.th",
                "year": 2022,
                "url": "https://siamrath.co.th/n/346544",
            },
            {
                "title": "Seeds 000 and 001",
                "seed": "000_19410df955be1bbd.txt; 001_ccaefc3313a8c9ce.txt",
                "note": "000: 'BCG Model' as something CODI's action plan aligns with",
                "year": 2022,
                "url": None,
                "publisher": "CODI news",
            },
        ],
        "entries": [
            {
                "code": "BCG-B",
                "kind": "part",
                "name_th": "เศรษฐกิจชีวภาพ",
                "name_en": "Bio economy",
                "verified": True,
                "verify_note": "NSTDA page",
            },
            {
                "code": "BCG-C",
                "kind": "part",
                "name_th": "เศรษฐกิจหมุนเวียน",
                "name_en": "Circular economy",
                "verified": True,
                "verify_note": "NSTDA page",
            },
            {
                "code": "BCG-G",
                "kind": "part",
                "name_th": "เศรษฐกิจสีเขียว",
                "name_en": "Green economy",
                "verified": True,
                "verify_note": "NSTDA page",
            },
            {
                "code": "BCG-S1",
                "kind": "strategy",
                "name_th": "การสร้างความยั่งยืนของฐานทรัพยากรและความหลากหลายทางชีวภาพ",
                "name_en": "Sustain the resource base and biodiversity",
                "verified": False,
            },
            {
                "code": "BCG-S2",
                "kind": "strategy",
                "name_th": "การพัฒนาชุมชนและเศรษฐกิจฐานรากให้เข้มแข็งด้วยทุนทรัพยากร อัตลักษณ์ ความคิดสร้างสรรค์ และเทคโนโลยีสมัยใหม่",
                "name_en": "Strengthen communities and the grassroots economy with resource capital, identity, creativity and modern technology",
                "verified": False,
            },
            {
                "code": "BCG-S3",
                "kind": "strategy",
                "name_th": "การยกระดับความสามารถในการแข่งขันอย่างยั่งยืนของสินค้าและบริการ BCG",
                "name_en": "Raise the sustainable competitiveness of BCG products and services",
                "verified": False,
            },
            {
                "code": "BCG-S4",
                "kind": "strategy",
                "name_th": "การสร้างภูมิคุ้มกันต่อการเปลี่ยนแปลงของโลก",
                "name_en": "Build resilience to global change",
                "verified": False,
            },
            {
                "code": "BCG-T1",
                "kind": "target_sector",
                "name_th": "เกษตรและอาหาร",
                "name_en": "Agriculture and food",
                "verified": False,
            },
            {
                "code": "BCG-T2",
                "kind": "target_sector",
                "name_th": "สุขภาพและการแพทย์",
                "name_en": "Health and medical",
                "verified": False,
            },
            {
                "code": "BCG-T3",
                "kind": "target_sector",
                "name_th": "พลังงาน วัสดุ และเคมีชีวภาพ",
                "name_en": "Energy, materials and biochemicals",
                "verified": False,
            },
            {
                "code": "BCG-T4",
                "kind": "target_sector",
                "name_th": "การท่องเที่ยวและเศรษฐกิจสร้างสรรค์",
                "name_en": "Tourism and creative economy",
                "verified": False,
            },
        ],
        "note": "The evaluation set labels BCG as one boolean (does the item belong to the BCG model at all); parts/strategies/sectors are listed for the loader. Strategies and target sectors are written from our knowledge of the BCG strategic plan and are unverified.",
    },
)

# ---------------- CODI ----------------
dump(
    "codi.json",
    {
        "code": "codi",
        "name_th": "กรอบการทำงานของสถาบันพัฒนาองค์กรชุมชน (พอช.)",
        "name_en": "CODI's own planning frame",
        "version": "Five-year action plan 2566–2570 (named in seed 000; its programme list is not in the seeds); 3-year plan 2563–2565 and FY2563 plan (seed 001)",
        "sources": [
            {
                "title": "Seed 000 — CODI Bangkok-metro-east regional subcommittee meeting 2/2565",
                "seed": "000_19410df955be1bbd.txt",
                "publisher": "CODI news",
                "year": 2022,
                "url": None,
            },
            {
                "title": "Seed 001 — CODI workshop on the 3-year action plan 2563–2565, 21–23 July 2562",
                "seed": "001_ccaefc3313a8c9ce.txt",
                "publisher": "CODI news",
                "year": 2019,
                "url": None,
            },
        ],
        "entries": [
            {
                "code": "CODI-AP2566",
                "kind": "plan",
                "name_th": "แผนปฏิบัติการสถาบันพัฒนาองค์กรชุมชน ระยะ 5 ปี (2566 – 2570)",
                "name_en": "CODI five-year action plan 2023–2027",
                "aligned_with": [
                    "nesdp:D1",
                    "nesdp:D2",
                    "nesdp:D3",
                    "nesdp:D4",
                    "nesdp:M09",
                    "nesdp:M13",
                    "nesdp:M12",
                    "nesdp:M02",
                    "nesdp:M01",
                    "nesdp:M10",
                    "bcg",
                ],
                "from_seed": True,
                "seed": "000_19410df955be1bbd.txt",
                "verified": True,
                "verify_note": "title as in seed 000; alignment list = milestones the seed names informally",
            },
            {
                "code": "CODI-AP2563",
                "kind": "plan",
                "name_th": "แผนปฏิบัติการระยะ 3 ปี (พ.ศ. 2563 - 2565)",
                "name_en": "CODI three-year action plan 2020–2022",
                "aligned_with": ["ns:NS4", "mp:MP15", "mp:MP16", "mp:MP17"],
                "from_seed": True,
                "seed": "001_ccaefc3313a8c9ce.txt",
                "verified": True,
                "note": "strategy 'ใช้องค์กรชุมชนเป็นแกนหลักในการขับเคลื่อนงานพัฒนา และใช้พื้นที่เป็นตัวตั้ง'; also aligned with national reform plan issue 9 (social) and the 20-year housing master plan 2560–2579",
            },
            {
                "code": "CODI-W1",
                "kind": "work_area",
                "parent": "CODI-AP2563",
                "name_th": "สภาองค์กรชุมชน",
                "name_en": "Community organisation councils",
                "from_seed": True,
                "seed": "001_ccaefc3313a8c9ce.txt",
                "verified": True,
            },
            {
                "code": "CODI-W2",
                "kind": "work_area",
                "parent": "CODI-AP2563",
                "name_th": "เศรษฐกิจชุมชน",
                "name_en": "Community economy",
                "from_seed": True,
                "seed": "001_ccaefc3313a8c9ce.txt",
                "verified": True,
            },
            {
                "code": "CODI-W3",
                "kind": "work_area",
                "parent": "CODI-AP2563",
                "name_th": "กองทุนสวัสดิการชุมชน",
                "name_en": "Community welfare funds",
                "from_seed": True,
                "seed": "001_ccaefc3313a8c9ce.txt",
                "verified": True,
            },
            {
                "code": "CODI-W4",
                "kind": "work_area",
                "parent": "CODI-AP2563",
                "name_th": "การพัฒนาที่อยู่อาศัย",
                "name_en": "Housing development (incl. Baan Mankong)",
                "from_seed": True,
                "seed": "001_ccaefc3313a8c9ce.txt",
                "verified": True,
            },
            {
                "code": "CODI-CC-S1",
                "kind": "council_strategy",
                "parent": "CODI-W1",
                "name_th": "ยุทธศาสตร์ที่ 1 การสนับสนุนให้องค์กรชุมชนขับเคลื่อนงานในทุกมิติ",
                "name_en": "Council track strategy 1: community organisations drive work in every dimension",
                "from_seed": True,
                "seed": "001_ccaefc3313a8c9ce.txt",
                "verified": True,
                "note": "the council track has 4 strategies and 21 programmes (seed 001); only strategy 1 is named in the seed, with examples: savings and income from economic trees, grassroots economy and community business plans, housing in every dimension, natural resources and environment. Strategies 2–4 and the 21 programmes are not in the seeds.",
            },
            {
                "code": "CODI-FY2563-P",
                "kind": "programme_set",
                "parent": "CODI-AP2563",
                "name_th": "แผนงาน ปี 2563 (7 แผนงาน)",
                "name_en": "FY2563: 7 programmes",
                "from_seed": True,
                "seed": "001_ccaefc3313a8c9ce.txt",
                "verified": True,
                "note": "seed 001 names only examples: การพัฒนาที่อยู่อาศัย, สวัสดิการชุมชน, and area-based budgeting (งบประมาณเชิงพื้นที่, pilot 100 tambons). The other programmes are not named.",
            },
            {
                "code": "CODI-FY2565-KEY5",
                "kind": "programme_set",
                "name_th": "แผนงานโครงการพัฒนาสำคัญ 5 โครงการ (ปี 2565, ภาคกรุงเทพฯ ปริมณฑลและตะวันออก)",
                "name_en": "FY2565: 5 key development programmes (Bangkok-metro-east region)",
                "from_seed": True,
                "seed": "000_19410df955be1bbd.txt",
                "verified": True,
                "note": "budget 139,504,935 baht; plus 17 housing projects 16,855,500 baht; the five programmes are not named in the seed",
            },
            {
                "code": "CODI-ONE-PROVINCE",
                "kind": "approach",
                "name_th": "หนึ่งจังหวัดหนึ่งโครงการ",
                "name_en": "One province, one project",
                "from_seed": True,
                "seed": "000_19410df955be1bbd.txt",
                "verified": True,
            },
            {
                "code": "CODI-AREA-BUDGET",
                "kind": "approach",
                "name_th": "งบประมาณเชิงพื้นที่ (นำร่อง 100 ตำบล ปี 2563)",
                "name_en": "Area-based budgeting (100-tambon pilot, FY2563)",
                "from_seed": True,
                "seed": "001_ccaefc3313a8c9ce.txt",
                "verified": True,
            },
            {
                "code": "CODI-HOUSING-MP20",
                "kind": "related_plan",
                "name_th": "แผนแม่บทการพัฒนาที่อยู่อาศัยระยะ 20 ปี (พ.ศ. 2560 – 2579)",
                "name_en": "20-year housing development master plan 2017–2036",
                "from_seed": True,
                "seed": "001_ccaefc3313a8c9ce.txt",
                "verified": True,
                "note": "vision 'คนไทยทุกคนมีที่อยู่อาศัยถ้วนทั่ว', 5 strategic issues (not named in the seed)",
            },
            {
                "code": "CODI-REFORM9",
                "kind": "related_plan",
                "name_th": "แผนการปฏิรูปประเทศ ประเด็นที่ 9 ด้านสังคม",
                "name_en": "National reform plan, issue 9 (social)",
                "from_seed": True,
                "seed": "001_ccaefc3313a8c9ce.txt",
                "verified": True,
            },
        ],
        "note": "Everything here is from the seeds (from_seed true). Nothing in this file was checked against a CODI publication; the dataset labels do not use CODI codes.",
    },
)
print("ok")
