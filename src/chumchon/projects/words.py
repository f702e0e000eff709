"""Thai/English wording of each project action and status, for the "cannot … while …" messages."""

from __future__ import annotations

from chumchon.projects.models import ProjectStatus

S = ProjectStatus

ACTION_WORDS: dict[str, tuple[str, str]] = {
    "edit": ("แก้ไขข้อเสนอโครงการ", "edit the proposal"),
    "submit": ("ส่งโครงการ", "submit the project"),
    "screen": ("กลั่นกรองโครงการ", "screen the project"),
    "return": ("ส่งโครงการกลับไปแก้ไข", "return the project"),
    "approve": ("อนุมัติโครงการ", "approve the project"),
    "reject": ("ไม่อนุมัติโครงการ", "reject the project"),
    "sign": ("ลงนามข้อตกลงโครงการ", "sign the agreement"),
    "disburse": ("เบิกจ่ายงวดเงิน", "disburse a tranche"),
    "report": ("รายงานความก้าวหน้า", "report progress"),
    "close": ("ปิดโครงการ", "close the project"),
    "cancel": ("ยกเลิกโครงการ", "cancel the project"),
}
STATUS_TH: dict[str, str] = {
    S.DRAFT: "ร่าง",
    S.SUBMITTED: "ส่งแล้ว",
    S.SCREENED: "กลั่นกรองแล้ว",
    S.RETURNED: "ส่งกลับแก้ไข",
    S.APPROVED: "อนุมัติแล้ว",
    S.REJECTED: "ไม่อนุมัติ",
    S.AGREEMENT_SIGNED: "ลงนามข้อตกลงแล้ว",
    S.IN_PROGRESS: "กำลังดำเนินการ",
    S.CLOSED: "ปิดโครงการแล้ว",
    S.CANCELLED: "ยกเลิกแล้ว",
}
STATUS_EN: dict[str, str] = {
    S.DRAFT: "draft",
    S.SUBMITTED: "submitted",
    S.SCREENED: "screened",
    S.RETURNED: "returned",
    S.APPROVED: "approved",
    S.REJECTED: "rejected",
    S.AGREEMENT_SIGNED: "agreement signed",
    S.IN_PROGRESS: "in progress",
    S.CLOSED: "closed",
    S.CANCELLED: "cancelled",
}
