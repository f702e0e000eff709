"""Bad input gives a clear Thai/English error and changes nothing (issue acceptance).

Malformed settings are covered by the settings tests; here: a broken data file on the command
line and an unknown area code in the browser.
"""

from __future__ import annotations

import json
import re
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from chumchon.areas.models import Area, CodiRegion, ProvincialCluster
from chumchon.cli import main

pytestmark = pytest.mark.django_db

THAI = re.compile(r"[\u0E00-\u0E7F]")


@pytest.fixture(autouse=True)
def _keep_the_test_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    """``chumchon …`` closes every connection when a command ends, which would end this test's
    transaction on PostgreSQL; the command itself runs unchanged."""
    from django.db import connections

    monkeypatch.setattr(connections, "close_all", lambda: None)


def _tables() -> tuple[list[Any], list[Any], list[Any]]:
    return (
        list(
            Area.objects.order_by("code").values_list(
                "code", "name_th", "name_en", "parent_id", "cluster_id", "codi_region_id"
            )
        ),
        list(ProvincialCluster.objects.order_by("code").values_list("code", "name_th", "name_en", "source")),
        list(CodiRegion.objects.order_by("code").values_list("code", "name_th", "name_en", "source")),
    )


def _clusters() -> dict[str, Any]:
    return json.loads(files("chumchon.areas").joinpath("data/provincial_clusters.json").read_text(encoding="utf-8"))


def _with_renamed_first_cluster(document: dict[str, Any]) -> dict[str, Any]:
    # A valid change first, so a half-applied load would show.
    document["clusters"][0]["name_th"] = "ชื่อใหม่ที่ไม่ควรถูกบันทึก"
    return document


def _unknown_province() -> str:
    document = _with_renamed_first_cluster(_clusters())
    document["clusters"][-1]["provinces"].append("99")
    return json.dumps(document, ensure_ascii=False)


def _province_twice() -> str:
    document = _with_renamed_first_cluster(_clusters())
    document["clusters"][-1]["provinces"].append(document["clusters"][1]["provinces"][0])
    return json.dumps(document, ensure_ascii=False)


def _missing_field() -> str:
    document = _with_renamed_first_cluster(_clusters())
    del document["clusters"][-1]["name_th"]
    return json.dumps(document, ensure_ascii=False)


BROKEN = {
    "not JSON": lambda: '{"clusters": [ {"code": "C01",',
    "no clusters key": lambda: json.dumps({"regions": []}),
    "unknown province code": _unknown_province,
    "province in two clusters": _province_twice,
    "entry lacks a field": _missing_field,
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_load_areas_with_a_broken_clusters_file_fails_clearly_and_changes_nothing(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "clusters.json"
    broken.write_text(BROKEN[case](), encoding="utf-8")
    before = _tables()

    with pytest.raises(SystemExit) as exit_info:
        main(["chumchon", "load-areas", "--clusters-file", str(broken), "--no-progress"])

    assert exit_info.value.code not in (0, None)
    message = capsys.readouterr().err.strip().splitlines()[-1]
    thai, _, english = message.partition(" / ")
    assert THAI.search(thai), message
    assert re.search(r"[A-Za-z]{4,}", english) and not THAI.search(english.split(":")[0]), message
    assert _tables() == before


def test_load_areas_with_a_missing_file_fails_clearly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _tables()
    with pytest.raises(SystemExit) as exit_info:
        main(["chumchon", "load-areas", "--clusters-file", str(tmp_path / "nope.json"), "--no-progress"])
    assert exit_info.value.code not in (0, None)
    assert "nope.json" in capsys.readouterr().err
    assert _tables() == before


@pytest.mark.parametrize("code", ["99999999", "999999", "abc", "2401041"])
def test_unknown_area_code_is_a_bilingual_404(code: str, make_user: Any, client: Client) -> None:
    client.force_login(make_user("national_admin", nation=True))
    response = client.get(f"/areas/{code}/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "ไม่พบหน้านี้" in html and "Page not found" in html
    assert "Traceback" not in html
