"""Thai conventions: Buddhist-Era dates, the Oct–Sep fiscal year, Decimal baht, Thai digits."""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

BE_OFFSET = 543
THAI_MONTHS = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
THAI_MONTHS_ABBR = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)
_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_ARABIC_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
SATANG = Decimal("0.01")


def be_year(year_ce: int) -> int:
    """Gregorian year → Buddhist Era year (พ.ศ.)."""
    return year_ce + BE_OFFSET


def ce_year(year_be: int) -> int:
    return year_be - BE_OFFSET


def format_date_be(value: dt.date | dt.datetime | None, *, short: bool = False, lang: str = "th") -> str:
    """``2022-10-01`` → ``1 ตุลาคม 2565`` (``1 ต.ค. 2565`` short); English keeps B.E. too."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if lang.startswith("en"):
        month = value.strftime("%b" if short else "%B")
        return f"{value.day} {month} {be_year(value.year)} B.E."
    month = (THAI_MONTHS_ABBR if short else THAI_MONTHS)[value.month - 1]
    return f"{value.day} {month} {be_year(value.year)}"


def fiscal_year(value: dt.date) -> int:
    """The Thai government fiscal year (B.E.) containing ``value``: 1 Oct – 30 Sep, named by its end.

    2022-09-30 → 2565; 2022-10-01 → 2566.
    """
    return be_year(value.year + 1 if value.month >= 10 else value.year)


def fiscal_year_range(fy_be: int) -> tuple[dt.date, dt.date]:
    """FY (B.E.) → (first day, last day). FY2565 → (2021-10-01, 2022-09-30)."""
    end_ce = ce_year(fy_be)
    return dt.date(end_ce - 1, 10, 1), dt.date(end_ce, 9, 30)


def to_decimal_baht(value: object) -> Decimal:
    """Parse an amount to Decimal baht with satang; refuse floats so no binary rounding sneaks in."""
    if isinstance(value, float):
        raise TypeError("money must not be a float / จำนวนเงินต้องไม่เป็นทศนิยมแบบ float")
    if type(value) is Decimal:  # as it is: a Decimal's text parses back to the same Decimal (lists write hundreds)
        amount = value
    else:
        try:
            amount = Decimal(str(value).replace(",", "").strip())
        except InvalidOperation:
            raise ValueError(f"not an amount of baht / ไม่ใช่จำนวนเงินบาท: {value!r}") from None
    if not amount.is_finite():
        raise ValueError(f"not an amount of baht / ไม่ใช่จำนวนเงินบาท: {value!r}")
    return amount.quantize(SATANG, rounding=ROUND_HALF_UP)


def format_baht(value: Decimal | int | str | None, *, satang: bool = True) -> str:
    """``Decimal('139504935')`` → ``139,504,935.00``."""
    if value is None or value == "":
        return ""
    amount = to_decimal_baht(value)
    return f"{amount:,.2f}" if satang else f"{amount.quantize(Decimal(1), rounding=ROUND_HALF_UP):,}"


def baht_text(value: Decimal | int | str) -> str:
    """Amount in Thai words for official documents: ``16855500`` → ``สิบหกล้านแปดแสนห้าหมื่นห้าพันห้าร้อยบาทถ้วน``.

    PyThaiNLP's ``bahttext`` takes a float, so baht and satang are worded separately from the
    exact Decimal and joined, never rounded through binary floating point.
    """
    from pythainlp.util import bahttext, num_to_thaiword

    amount = to_decimal_baht(value)
    sign = "ลบ" if amount < 0 else ""
    amount = abs(amount)
    baht = int(amount)
    satang = int((amount - baht) * 100)
    if satang == 0:
        return sign + bahttext(baht)
    baht_words = f"{num_to_thaiword(baht)}บาท" if baht else ""
    return f"{sign}{baht_words}{num_to_thaiword(satang)}สตางค์"


def thai_digits(text: object) -> str:
    """Arabic digits → Thai digits (เลขไทย) for official letters."""
    return str(text).translate(_THAI_DIGITS)


def arabic_digits(text: str) -> str:
    return text.translate(_ARABIC_DIGITS)


WORD_BREAK = "\u200b"  # ZERO WIDTH SPACE: a line may break here; it draws nothing


def mark_word_breaks(text: str) -> str:
    """``text`` with a zero-width space between adjacent Thai words (PyThaiNLP's newmm segmentation).

    Thai runs its words together and uses spaces between phrases, so a renderer that breaks lines only
    at spaces (fpdf2's ``multi_cell``) cuts a phrase wider than its column in the middle of a word.
    fpdf2 also breaks at U+200B (``fpdf.line_break.BREAKING_SPACE_SYMBOLS``); callers remove the marks
    from the lines before drawing them so that the text layer reads back unchanged.
    """
    if not any("\u0e00" <= char <= "\u0e7f" for char in text):
        return text
    from pythainlp.tokenize import word_tokenize  # imported on first use: loading its dictionary takes time

    out: list[str] = []
    for token in word_tokenize(text, engine="newmm", keep_whitespace=True):
        if out and not out[-1][-1:].isspace() and not token[:1].isspace():
            out.append(WORD_BREAK)
        out.append(token)
    return "".join(out)


def display_width(text: str) -> int:
    """Terminal columns of ``text``: Thai vowel and tone marks take none, wide characters two."""
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def format_table(headers: list[str], rows: list[list[str]]) -> str:
    """A plain-text table that lines up with Thai text in it."""
    widths = [max(display_width(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            str(c) + " " * (w - display_width(str(c))) for c, w in zip(cells, widths, strict=True)
        ).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])
