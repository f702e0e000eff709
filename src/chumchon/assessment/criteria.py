"""The ten criteria of a self-managing province (10 คุณสมบัติสำคัญของจังหวัดจัดการตนเอง) and the five levels.

The criteria are data: migration ``0002_criteria`` loads ``CRITERIA`` into ``assessment.Criterion`` rows
(the admin may reword them; assessments point at the rows). Their source is CODI's own account of its
reform, seed 002 — the article "'เหลียวหลังแลหน้า' 23 ปี...ก้าวย่างสู่การปฏิรูปขบวนองค์กรชุมชนและ พอช.
เป้าหมาย 'ชุมชนท้องถิ่นเข้มแข็ง...แก้ปัญหาความยากจน-ลดความเหลื่อมล้ำ'", section "ก้าวสู่จังหวัดจัดการตนเอง",
where CODI's deputy director lists the ten qualities "to set common criteria for the community movement
and civil society". The Thai titles below are the article's words, shortened only where a sentence
carried two.

The levels (0–4) are this system's scale, the same for every criterion: the article names the criteria,
not a scale (nothing official was found), so the scale is stated here and on the assessment page.
"""

from __future__ import annotations

from dataclasses import dataclass

SOURCE_TH = (
    "สถาบันพัฒนาองค์กรชุมชน (พอช.), “‘เหลียวหลังแลหน้า’ 23 ปี...ก้าวย่างสู่การปฏิรูปขบวนองค์กรชุมชนและ พอช. "
    "เป้าหมาย ‘ชุมชนท้องถิ่นเข้มแข็ง...แก้ปัญหาความยากจน-ลดความเหลื่อมล้ำ’”, หัวข้อ “ก้าวสู่จังหวัดจัดการตนเอง”: "
    "10 คุณสมบัติสำคัญของจังหวัดจัดการตนเอง"
)
SOURCE_EN = (
    "CODI, “‘Looking back, looking ahead’: 23 years … towards reforming the community-organisation movement and "
    "CODI — aim: ‘strong local communities … solving poverty, reducing inequality’” (in Thai), section “Towards "
    "the self-managing province”: the 10 key qualities of a self-managing province"
)


@dataclass(frozen=True)
class CriterionText:
    number: int
    title_th: str
    title_en: str
    evidence_th: str  # what the system can look at (or that it cannot)
    evidence_en: str


CRITERIA: tuple[CriterionText, ...] = (
    CriterionText(
        1,
        "การรวมกลุ่มและเชื่อมโยงกันขององค์กรชุมชนและภาคีที่หลากหลายในระดับจังหวัด",
        "Community organisations and diverse partners grouped and linked province-wide",
        "องค์กรที่จดทะเบียนในจังหวัด สภาองค์กรชุมชนตำบล เครือข่าย และการเป็นสมาชิกของสภา",
        "Organisations registered in the province, tambon councils, networks and council membership",
    ),
    CriterionText(
        2,
        "การจัดทำและเสนอแผนพัฒนาระดับจังหวัดของขบวนชุมชนและประชาสังคม ให้ได้รับการบรรจุในแผนหรือนโยบายการพัฒนาในจังหวัด",
        "A provincial plan by the community movement and civil society, accepted into the province's plans",
        "แผนภาคประชาชนระดับจังหวัด และรายการที่ได้รับการบรรจุในแผนพัฒนาจังหวัด (ข้อเสนอที่ได้รับ)",
        "The people's-sector provincial plan and its items accepted into the provincial plan",
    ),
    CriterionText(
        3,
        "มีระบบข้อมูลและตัวชี้วัดการพัฒนาของชุมชนท้องถิ่น มีการรายงานความก้าวหน้า การสื่อสารอย่างต่อเนื่อง",
        "A data system and local development indicators, with progress reported and communicated",
        "ผลการสำรวจข้อมูล (จปฐ.) รายงานความก้าวหน้าโครงการ และตัวชี้วัด",
        "Survey results, project progress reports and indicators",
    ),
    CriterionText(
        4,
        "ศึกษา วิเคราะห์ปัญหาและนโยบายสำคัญที่ส่งผลกระทบต่อชุมชนท้องถิ่นในจังหวัด และจัดทำข้อเสนอต่อหน่วยงานที่เกี่ยวข้อง",
        "Problems and policies affecting local communities analysed, with proposals to the agencies concerned",
        "ข้อเสนอต่อผู้ว่าราชการจังหวัดและหน่วยงาน",
        "Proposals to the governor and agencies",
    ),
    CriterionText(
        5,
        "โครงสร้างและกลไกการทำงานที่มีส่วนร่วม ครอบคลุมหลากหลายประเด็นงาน เป็นที่ยอมรับของขบวนชุมชนและภาคีทุกภาคส่วน",
        "A participatory structure covering many issues, accepted by the movement and every partner",
        "คณะทำงานจังหวัด กรรมการที่มาจากหลายภาคส่วน",
        "The provincial working group and the sides its members come from",
    ),
    CriterionText(
        6,
        "ระบบการบริหารจัดการและการทำงานร่วมกันระดับจังหวัดที่เปิดเผย โปร่งใส และตรวจสอบได้",
        "Open, transparent and auditable joint management at province level",
        "การประชุมที่บันทึกผู้เข้าประชุมและรายงานการประชุม มติที่บันทึกไว้",
        "Meetings with attendance and minutes recorded, resolutions on record",
    ),
    CriterionText(
        7,
        "การทำงานและตัวแทนของขบวนชุมชนจังหวัดเป็นที่รู้จักยอมรับ มีที่ทำการศูนย์ประสานงานกลางที่ชัดเจน",
        "Visible representatives of the provincial movement and a known coordination office",
        "ประธานและเลขานุการคณะทำงานจังหวัด ศูนย์ประสานงานที่มีที่อยู่และโทรศัพท์",
        "The working group's chair and secretary, a coordination centre with an address and telephone",
    ),
    CriterionText(
        8,
        "ส่งเสริมชุมชนเข้มแข็งครอบคลุมทั้งจังหวัด เชื่อมโยงเครือข่ายกับกลุ่มจังหวัด ภาค และประเทศ",
        "Strong communities province-wide, networked with the cluster, region and nation",
        "ผู้ประเมินพิจารณา (ระบบยังไม่มีหลักฐานโดยตรง)",
        "Judged by the assessor (the system holds no direct evidence)",
    ),
    CriterionText(
        9,
        "พัฒนาคนทุกรุ่น ทุกกลุ่ม มีระบบการเรียนรู้ จัดการความรู้ และการสื่อสารต่อสาธารณะอย่างต่อเนื่อง",
        "People of every generation developed; learning, knowledge management and public communication",
        "ผู้ประเมินพิจารณา (ระบบยังไม่มีหลักฐานโดยตรง)",
        "Judged by the assessor (the system holds no direct evidence)",
    ),
    CriterionText(
        10,
        "ประชุมร่วมกันของชุมชน เครือข่าย และภาคีอย่างสม่ำเสมอ และจัดประชุมประจำปีเป็นสมัชชาจังหวัด",
        "Regular joint meetings and an annual provincial assembly",
        "ทะเบียนการประชุมของคณะทำงานจังหวัด และสมัชชาจังหวัดในปีงบประมาณ",
        "The provincial working group's meetings register and the assembly in the fiscal year",
    ),
)


@dataclass(frozen=True)
class LevelText:
    level: int
    th: str
    en: str


LEVELS: tuple[LevelText, ...] = (
    LevelText(0, "ยังไม่เริ่ม — ไม่มีหลักฐาน", "Not started — no evidence"),
    LevelText(1, "เริ่มต้น — มีบางส่วน ยังไม่เป็นระบบ", "Beginning — some of it, not yet systematic"),
    LevelText(
        2,
        "กำลังพัฒนา — มีครบองค์ประกอบหลัก แต่ยังไม่ต่อเนื่องหรือไม่ครอบคลุม",
        "Developing — the main parts exist, not yet regular or province-wide",
    ),
    LevelText(3, "ดำเนินการได้ดี — เป็นระบบ ต่อเนื่อง และครอบคลุม", "Established — systematic, regular and province-wide"),
    LevelText(
        4,
        "เป็นแบบอย่าง — ยั่งยืนและเป็นที่ยอมรับ ถ่ายทอดให้จังหวัดอื่นได้",
        "Exemplary — sustained, recognised, can be shared with other provinces",
    ),
)
MAX_LEVEL = 4
