"""The tambon target list pages its households (25 a page, or 50 or 100 by choice); the Excel export has them all."""

from __future__ import annotations

import html
import io
import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from chumchon.areas.models import Area
from chumchon.audit.models import AuditAction, AuditEvent
from chumchon.poverty import engine, generator
from chumchon.poverty.models import RoundStatus
from chumchon.poverty.selectors import targets as targets_selectors
from chumchon.poverty.tests import logbook_data
from chumchon.poverty.tests.logbook_data import fast_passwords  # noqa: F401 (autouse fixture)

pytestmark = pytest.mark.django_db
TAMBON = "240104"
PER_PAGE = 100
ROW = re.compile(r'<tr data-household="([^"]+)"')


@pytest.fixture
def round_(settings: Any, tmp_path: Any) -> Any:
    settings.SURVEY_STORE = tmp_path / "store"
    r = logbook_data.survey_round("pg-2565", 2565)
    # 1000 households with seed 1 give a little over 200 deprived ones: three pages.
    generator.generate_round(r, [TAMBON], households_per_tambon={TAMBON: 1000}, seed=1)
    engine.recompute_round(r)
    r.refresh_from_db()
    assert r.status == RoundStatus.READY
    return r


def _refs(round_: Any, **filters: Any) -> list[str]:
    tl = targets_selectors.target_list(
        survey_round=round_, tambon=Area.objects.get(code=TAMBON), show_ids=False, **filters
    )
    return [h.ref for h in tl.households]


def _page(client: Any, query: str = "") -> str:
    """A page of the list at 100 households a page (the largest choice; page links keep it)."""
    if "per=" not in query:
        query += ("&" if "?" in query else "?") + f"per={PER_PAGE}"
    response = client.get(reverse("poverty:targets", args=[TAMBON]) + query)
    assert response.status_code == 200
    return str(response.content.decode())


def _rows(page: str) -> list[str]:
    return ROW.findall(page)


def _link(page: str, element_id: str) -> str | None:
    tag = re.search(rf'<a [^>]*id="{element_id}"[^>]*>', page)
    href = re.search(r'href="([^"]*)"', tag.group(0)) if tag else None
    return html.unescape(href.group(1)) if href else None


def _last_audit_note() -> str:
    event = AuditEvent.objects.filter(
        action=AuditAction.VIEW, model_label="poverty.targetlist", personal_data=True
    ).latest("id")
    assert event.area_code == TAMBON
    return str(event.note)


@pytest.fixture
def officer_client(client: Any, make_user: Any) -> Any:
    client.force_login(make_user("cdd_district_officer", area="2401"))
    return client


def test_pages_split_the_households(officer_client: Any, round_: Any) -> None:
    refs = _refs(round_)
    assert len(refs) > 2 * PER_PAGE  # precondition: three pages, the middle one full
    total, last = len(refs), len(refs) - 2 * PER_PAGE

    first = _page(officer_client)
    assert _rows(first) == refs[:PER_PAGE]
    assert f"แสดงครัวเรือนที่ 1–100 จาก {total} ครัวเรือน" in first
    assert "หน้า 1 จาก 3" in first
    assert _link(first, "target-previous") is None

    second_url = _link(first, "target-next")
    assert second_url is not None
    second = _page(officer_client, second_url)
    assert _rows(second) == refs[PER_PAGE : 2 * PER_PAGE]
    assert f"แสดงครัวเรือนที่ 101–200 จาก {total} ครัวเรือน" in second and "หน้า 2 จาก 3" in second
    assert parse_qs(urlsplit(_link(second, "target-previous") or "").query)["page"] == ["1"]

    third = _page(officer_client, _link(second, "target-next") or "")
    assert _rows(third) == refs[2 * PER_PAGE :] and len(_rows(third)) == last
    assert f"แสดงครัวเรือนที่ 201–{total} จาก {total} ครัวเรือน" in third and "หน้า 3 จาก 3" in third
    assert _link(third, "target-next") is None
    # Every household once, in the list's order.
    assert _rows(first) + _rows(second) + _rows(third) == refs


def test_out_of_range_or_invalid_page(officer_client: Any, round_: Any) -> None:
    refs = _refs(round_)
    assert len(refs) > 2 * PER_PAGE
    last = _page(officer_client, "?page=3")
    for beyond in ("?page=99", "?page=4"):
        assert _rows(_page(officer_client, beyond)) == _rows(last) == refs[2 * PER_PAGE :]
    # Paginator.get_page: not a number → the first page; a number out of range (also below 1) → the last.
    for bad in ("?page=abc", "?page=", "?page=1.5"):
        assert _rows(_page(officer_client, bad)) == refs[:PER_PAGE], bad
    for below in ("?page=0", "?page=-1"):
        assert _rows(_page(officer_client, below)) == refs[2 * PER_PAGE :], below


@pytest.mark.parametrize(
    ("query", "filters"),
    [
        ({"dimension": "health", "group": ""}, {"dimension": "health"}),
        ({"dimension": "", "group": "elderly"}, {"group": "elderly"}),
        ({"dimension": "", "group": "", "tpmap": "1"}, {"tpmap_only": True}),
    ],
)
def test_filters_survive_in_the_page_links(
    officer_client: Any, round_: Any, query: dict[str, str], filters: dict[str, Any]
) -> None:
    refs = _refs(round_, **filters)
    assert PER_PAGE < len(refs) < len(_refs(round_))  # precondition: the filter matters and needs a second page
    form = "&".join(f"{k}={v}" for k, v in {"round": round_.code, **query, "page": "1"}.items())
    first = _page(officer_client, f"?{form}")
    assert _rows(first) == refs[:PER_PAGE]
    assert f"แสดงครัวเรือนที่ 1–100 จาก {len(refs)} ครัวเรือน" in first

    next_url = _link(first, "target-next")
    assert next_url is not None
    params = parse_qs(urlsplit(next_url).query, keep_blank_values=True)
    assert params["page"] == ["2"]  # the old page key is replaced, not repeated
    assert params["round"] == [round_.code]
    for key, value in query.items():
        assert params[key] == [value], key
    second = _page(officer_client, next_url)
    assert _rows(second) == refs[PER_PAGE:]
    previous = parse_qs(urlsplit(_link(second, "target-previous") or "").query, keep_blank_values=True)
    assert previous["page"] == ["1"] and all(previous[k] == [v] for k, v in query.items())

    # The Excel link carries the filters but no page: it exports every matching household.
    export = _link(second, "export-xlsx")
    assert export is not None
    export_params = parse_qs(urlsplit(export).query, keep_blank_values=True)
    assert "page" not in export_params and all(export_params[k] == [v] for k, v in query.items())


def test_audit_records_the_page_viewed(officer_client: Any, round_: Any) -> None:
    total = len(_refs(round_))
    assert total > 2 * PER_PAGE
    _page(officer_client)
    assert f"page 1 of 3 (households 1-100 of {total})" in _last_audit_note()
    _page(officer_client, "?dimension=&page=2")
    assert f"page 2 of 3 (households 101-200 of {total})" in _last_audit_note()
    _page(officer_client, "?page=99")  # the page actually shown, not the one asked for
    assert f"page 3 of 3 (households 201-{total} of {total})" in _last_audit_note()


def test_excel_export_is_not_paged(officer_client: Any, round_: Any) -> None:
    refs = _refs(round_)
    assert len(refs) > PER_PAGE
    response = officer_client.get(reverse("poverty:targets_xlsx", args=[TAMBON]) + "?page=2")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert ws is not None
    exported = list(dict.fromkeys(row[0] for row in ws.iter_rows(min_row=2, values_only=True)))
    assert exported == refs


def test_a_small_list_has_one_page_and_no_pager(officer_client: Any, round_: Any) -> None:
    refs = _refs(round_, dimension="education")
    assert 0 < len(refs) <= PER_PAGE
    page = _page(officer_client, "?dimension=education")
    assert _rows(page) == refs
    assert 'id="target-pager"' not in page
    assert f"แสดง {len(refs)} ครัวเรือน" in page


def test_the_page_size_is_25_unless_50_or_100_is_chosen(officer_client: Any, round_: Any) -> None:
    refs = _refs(round_)
    url = reverse("poverty:targets", args=[TAMBON])
    assert _rows(officer_client.get(url).content.decode()) == refs[:25]
    assert _rows(officer_client.get(url + "?per=50").content.decode()) == refs[:50]
    for odd in ("?per=7", "?per=100000", "?per=abc"):  # anything else: the phone-sized default
        assert _rows(officer_client.get(url + odd).content.decode()) == refs[:25], odd
    second = officer_client.get(url + "?per=50&page=2").content.decode()
    assert _rows(second) == refs[50:100] and "per=50" in (_link(second, "target-next") or "")
