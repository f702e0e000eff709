"""Issue 9 item 7: no failed upload leaves a file behind — attachments, report photos, Logbook evidence.

Each service is made to fail after its file is stored (the audit write raises); the transaction
rolls back and the media directory must hold no file."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from chumchon.areas.models import Area
from chumchon.poverty.models import AssistanceRecord, HelpKind
from chumchon.poverty.services import logbook as logbook_services
from chumchon.poverty.tests import logbook_data
from chumchon.projects.models import Attachment, ReportPhoto
from chumchon.projects.services import progress as progress_services
from chumchon.projects.services import proposal as proposal_services
from chumchon.projects.tests.conftest import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.SURVEY_STORE = tmp_path / "store"
    return tmp_path / "media"


def files_in(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def broken(**kwargs: Any) -> None:
    raise RuntimeError("the audit store is down")


def _png(name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (0, 110, 79)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue())


def test_a_failed_attachment_leaves_no_file(world: World, media: Path, monkeypatch: Any) -> None:
    project = world.project()
    proposal_services.attachment_add(project=project, actor=world.secretary, file=SimpleUploadedFile("a.pdf", b"%PDF"))
    kept = files_in(media)
    assert len(kept) == 1  # a successful upload keeps its file
    monkeypatch.setattr(proposal_services, "audit_record", broken)
    with pytest.raises(RuntimeError):
        proposal_services.attachment_add(
            project=project, actor=world.secretary, file=SimpleUploadedFile("b.pdf", b"%PDF")
        )
    assert Attachment.objects.count() == 1
    assert files_in(media) == kept


def test_a_failed_progress_report_leaves_no_photo(world: World, media: Path, monkeypatch: Any) -> None:
    project = world.to_in_progress(world.project())
    monkeypatch.setattr(progress_services, "audit_record", broken)
    with pytest.raises(RuntimeError):
        progress_services.project_report_progress(
            project=project,
            actor=world.secretary,
            progress_pct=10,
            spent_amount=1000,
            photos=[_png("one.png"), _png("two.png")],
        )
    assert ReportPhoto.objects.count() == 0
    assert files_in(media) == []


def test_failed_evidence_leaves_no_file(world: World, media: Path, make_user: Any, monkeypatch: Any) -> None:
    officer = make_user("cdd_district_officer", area="2401")
    case = logbook_services.case_open(
        actor=officer,
        survey_round=logbook_data.survey_round("h6-2565", 2565),
        area=Area.objects.get(code="240104"),
        dimension="income",
        household_id="H1",
    )
    monkeypatch.setattr(logbook_services, "audit_record", broken)
    with pytest.raises(RuntimeError):
        logbook_services.assistance_add(
            case=case,
            actor=officer,
            description="มอบพันธุ์ไก่ไข่",
            help_kind=HelpKind.IN_KIND,
            amount=0,
            agency_name="อบต.คลองนา",
            given_on=dt.date(2023, 1, 15),
            evidence=SimpleUploadedFile("receipt.pdf", b"%PDF"),
        )
    assert AssistanceRecord.objects.count() == 0
    assert files_in(media) == []
