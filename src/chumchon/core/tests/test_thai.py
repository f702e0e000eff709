import datetime as dt
from decimal import Decimal

import pytest

from chumchon.core import thai


@pytest.mark.parametrize(
    ("day", "fy"),
    [
        (dt.date(2022, 9, 30), 2565),
        (dt.date(2022, 10, 1), 2566),
        (dt.date(2021, 10, 1), 2565),
        (dt.date(2024, 1, 1), 2567),
    ],
)
def test_fiscal_year_turns_over_on_1_october(day: dt.date, fy: int) -> None:
    assert thai.fiscal_year(day) == fy


def test_fiscal_year_range_round_trips() -> None:
    start, end = thai.fiscal_year_range(2565)
    assert (start, end) == (dt.date(2021, 10, 1), dt.date(2022, 9, 30))
    assert thai.fiscal_year(start) == thai.fiscal_year(end) == 2565
    assert thai.fiscal_year(start - dt.timedelta(days=1)) == 2564


def test_buddhist_era_date() -> None:
    assert thai.format_date_be(dt.date(2022, 10, 1)) == "1 ตุลาคม 2565"
    assert thai.format_date_be(dt.date(2022, 10, 1), short=True) == "1 ต.ค. 2565"


def test_baht_formatting_and_words() -> None:
    assert thai.format_baht(Decimal("139504935")) == "139,504,935.00"
    assert thai.baht_text(Decimal("16855500")) == "สิบหกล้านแปดแสนห้าหมื่นห้าพันห้าร้อยบาทถ้วน"
    assert thai.baht_text(Decimal("21.50")) == "ยี่สิบเอ็ดบาทห้าสิบสตางค์"
    with pytest.raises(TypeError):
        thai.to_decimal_baht(0.1)


@pytest.mark.parametrize(
    "text",
    ["139504935", "1234.5", "0", "0.00", "-0.00", "-12.345", "0.005", "1E+3", "12345678901234.99", "NaN", "Infinity"],
)
def test_a_decimal_is_formatted_as_its_text_is(text: str) -> None:
    """A Decimal is taken as it is (not written and parsed again): the same amount, rounding and errors as its text."""
    results = []
    for value in (Decimal(text), text):
        try:
            results.append((thai.to_decimal_baht(value), str(thai.to_decimal_baht(value)), thai.format_baht(value)))
        except ValueError:
            results.append(("refused",))
    assert results[0] == results[1]


def test_thai_digits() -> None:
    assert thai.thai_digits("พ.ศ. 2565") == "พ.ศ. ๒๕๖๕"
    assert thai.arabic_digits("๒๕๖๕") == "2565"


def test_word_breaks_fall_between_thai_words_only() -> None:
    from chumchon.core.thai import WORD_BREAK, mark_word_breaks

    text = "กองทุนสวัสดิการชุมชนตำบล ร่วมกับ อบต."
    marked = mark_word_breaks(text)
    assert marked.replace(WORD_BREAK, "") == text
    assert marked.count(WORD_BREAK) >= 3  # กองทุน|สวัสดิการ|ชุมชน|ตำบล
    # A mark never sits next to a space, and never inside a word.
    assert f"{WORD_BREAK} " not in marked and f" {WORD_BREAK}" not in marked
    assert "สวัสดิการ" in marked.split(WORD_BREAK)
    assert mark_word_breaks("Community welfare fund") == "Community welfare fund"
