"""Pages: list (scoped, filtered, Excel export), project page with the right buttons, forms that
call the services, 404 for reads out of scope and 403 for writes."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from chumchon.audit.models import AuditAction, AuditEvent
from chumchon.projects.models import Project, ProjectStatus

from .conftest import World, state

pytestmark = pytest.mark.django_db
S = ProjectStatus


def client_for(user: object) -> Client:
    c = Client()
    c.force_login(user)  # type: ignore[arg-type]
    return c


def test_index_lists_scoped_projects_and_exports(world: World) -> None:
    project = world.project()
    response = client_for(world.secretary).get(reverse("projects:index"))
    assert response.status_code == 200
    assert project.title_th in response.content.decode()
    assert project.title_th not in client_for(world.outside_screener).get(reverse("projects:index")).content.decode()
    export = client_for(world.staff).get(reverse("projects:index"), {"status": "draft", "format": "xlsx"})
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == project.pk and rows[1][1] == project.title_th
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, model_label="projects.project").count() == 1


def test_detail_out_of_scope_is_404(world: World) -> None:
    project = world.project()
    assert client_for(world.secretary).get(reverse("projects:detail", args=[project.pk])).status_code == 200
    assert client_for(world.outside_screener).get(reverse("projects:detail", args=[project.pk])).status_code == 404


def test_detail_shows_only_allowed_buttons(world: World) -> None:
    project = world.project()
    html = client_for(world.secretary).get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert 'id="action-submit"' in html and 'id="action-screen"' not in html and 'id="action-edit"' in html
    html = client_for(world.member).get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert 'id="action-submit"' not in html and 'id="actions"' not in html


def test_write_out_of_scope_is_404_in_scope_without_the_right_403_and_nothing_changes(world: World) -> None:
    project = world.project()
    before = state(project)
    url = reverse("projects:transition", args=[project.pk, "submit"])
    line_url = reverse("projects:line_add", args=[project.pk])
    # Out of scope: answered as for a missing project (issue 9 item 7).
    assert client_for(world.other_secretary).post(url, {"comment": ""}).status_code == 404
    assert client_for(world.other_secretary).post(line_url, {"item": "x", "amount": "5"}).status_code == 404
    # In scope (may read) but without the right to write: refused with the reason.
    assert client_for(world.member).post(url, {"comment": ""}).status_code in (200, 403)
    assert client_for(world.member).post(line_url, {"item": "x", "amount": "5"}).status_code == 403
    assert state(project) == before


def test_wrong_state_shows_bilingual_error(world: World) -> None:
    project = world.project()
    response = client_for(world.screener).post(
        reverse("projects:transition", args=[project.pk, "screen"]), {"comment": ""}
    )
    # The screener can see the project but may not screen a draft: the form shows why.
    assert response.status_code == 200
    html = response.content.decode()
    assert "ไม่สามารถกลั่นกรองโครงการในสถานะ" in html and "Cannot screen the project while the project is draft" in html
    project.refresh_from_db()
    assert project.status == S.DRAFT


def test_create_edit_and_approve_through_forms(world: World) -> None:
    c = client_for(world.secretary)
    response = c.post(
        reverse("projects:create"),
        {
            "programme": world.programme.pk,
            "proposer": world.council.pk,
            "area_code": "240104",
            "title_th": "โครงการผ่านฟอร์ม",
            "target_households": "25",
        },
    )
    project = Project.objects.get(title_th="โครงการผ่านฟอร์ม")
    assert response.status_code == 302
    c.post(reverse("projects:line_add", args=[project.pk]), {"item": "ค่าวัสดุ", "amount": "12345.50"})
    project.refresh_from_db()
    assert project.requested_amount == Decimal("12345.50")
    c.post(reverse("projects:transition", args=[project.pk, "submit"]), {"comment": ""})
    client_for(world.screener).post(reverse("projects:transition", args=[project.pk, "screen"]), {"comment": "ok"})
    approve_url = reverse("projects:transition", args=[project.pk, "approve"])
    page = client_for(world.approver).get(approve_url).content.decode()
    assert world.cluster_wg.name_th in page  # the body with authority is offered
    response = client_for(world.approver).post(
        approve_url,
        {
            "body": world.cluster_wg.pk,
            "meeting_date": "15/03/2565",
            "number": "3/2565",
            "text": "อนุมัติ",
            "approved_amount": "12345.50",
            "comment": "",
        },
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == S.APPROVED and project.approval_resolution.number == "3/2565"


def test_import_page_reports_row_errors(world: World) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    project = world.to_in_progress(world.project())
    upload = SimpleUploadedFile(
        "p.csv", f"project_id,reported_on,progress_pct,spent_amount\n{project.pk},2022-06-15,40,999999\n".encode()
    )
    response = client_for(world.secretary).post(reverse("projects:import"), {"file": upload})
    html = response.content.decode()
    assert response.status_code == 200 and 'id="import-errors"' in html and "data:text/csv;base64," in html
    assert project.progress_reports.count() == 0


def test_transition_forms_are_offered_only_to_who_may_act(world: World, make_user: object) -> None:
    """Issue 9: the Approve form was shown to a regional subcommittee member, filled in, then refused 403."""
    from chumchon.accounts.models import Role

    project = world.to_screened(world.project())
    regional = make_user(Role.REGIONAL_SUBCOMMITTEE_MEMBER, region="R5", username="subcom")  # type: ignore[operator]
    c = client_for(regional)
    detail = c.get(reverse("projects:detail", args=[project.pk]))
    assert detail.status_code == 200  # the region's subcommittee reads the project ...
    approve_url = reverse("projects:transition", args=[project.pk, "approve"])
    assert approve_url not in detail.content.decode()  # ... is not offered the decision ...
    assert c.get(approve_url).status_code == 403  # ... and the form itself is not shown
    for action in ("reject", "sign", "disburse", "close", "screen", "submit"):
        assert c.get(reverse("projects:transition", args=[project.pk, action])).status_code == 403, action
    assert client_for(world.approver).get(approve_url).status_code == 200


def test_attachments_and_report_photos_are_served_to_readers_only(
    world: World, settings: object, tmp_path: object
) -> None:
    """Issue 9: uploaded project photos and attachments answered 404 under /media/ (nothing serves it):
    they are served by access-controlled views, linked from the project page."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from chumchon.projects import services
    from chumchon.projects.models import ProgressReport, ReportPhoto

    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    project = world.to_in_progress(world.project())
    attachment = services.attachment_add(
        project=project, actor=world.secretary, file=SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan")
    )
    report = ProgressReport.objects.create(project=project, progress_pct=10, spent_amount=0)
    photo = ReportPhoto.objects.create(report=report, image=SimpleUploadedFile("site.jpg", b"\xff\xd8\xff jpeg"))
    page = client_for(world.secretary).get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "/media/" not in page
    file_url = reverse("projects:attachment_file", args=[project.pk, attachment.pk])
    photo_url = reverse("projects:photo_file", args=[project.pk, photo.pk])
    assert file_url in page and photo_url in page
    for url, body in ((file_url, b"%PDF-1.4 plan"), (photo_url, b"\xff\xd8\xff jpeg")):
        response = client_for(world.secretary).get(url)
        assert response.status_code == 200 and b"".join(response.streaming_content) == body
        assert client_for(world.other_secretary).get(url).status_code == 404  # another tambon


def test_messages_name_body_kinds_by_label(world: World) -> None:
    """Issue 9: messages interpolated raw body kinds ("A body of kind “con_centre” …", "approved by
    cluster_working_group")."""
    from django.core.exceptions import ValidationError

    from chumchon.budgets.models import LedgerEntry

    with pytest.raises(ValidationError) as refused:
        world.project(proposer=world.other_council)  # a CON centre may not propose under this programme
    message = " ".join(refused.value.messages)
    assert "con_centre" not in message and "_" not in message, message
    project = world.to_approved(world.project())
    notes = list(LedgerEntry.objects.filter(holder_id=project.pk).values_list("note", flat=True)) or list(
        LedgerEntry.objects.values_list("note", flat=True)
    )
    assert notes and all("_" not in note for note in notes), notes
