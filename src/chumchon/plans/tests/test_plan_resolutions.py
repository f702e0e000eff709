"""Plan adoption and amendments are decisions of a resolution (issue 12): the resolution lists the plan
versions it adopted or amended, and the plan page shows the resolution (linked, external marked)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from chumchon.meetings import services as meeting_services
from chumchon.meetings.decisions import decisions_of, resolutions_deciding
from chumchon.plans import services
from chumchon.plans.models import VersionKind

from .conftest import World


def test_adoption_and_amendment_link_to_their_resolutions_both_ways(world: World) -> None:
    plan = world.province_plan()
    world.item(plan, actor=world.pwg)
    adopting = meeting_services.resolution_record(
        actor=world.pwg,
        body=world.province_group,
        meeting_date=dt.date(2022, 11, 20),
        number="3/2565",
        text="เห็นชอบแผน",
    )
    minutes = SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 minutes", content_type="application/pdf")
    amending = meeting_services.resolution_external(
        actor=world.pwg,
        body=world.province_group,
        meeting_date=dt.date(2022, 12, 1),
        number="4/2565",
        text="เห็นชอบแก้ไขแผน",
        minutes=minutes,
    )
    adoption = services.version_record(
        actor=world.pwg, plan=plan, kind=VersionKind.ADOPTION, adopted_on=dt.date(2022, 11, 20), resolution=adopting
    )
    world.item(plan, "ปลูกผักปลอดสารพิษ", actor=world.pwg)
    amendment = services.version_record(
        actor=world.pwg, plan=plan, kind=VersionKind.ADDITION, adopted_on=dt.date(2022, 12, 1), resolution=amending
    )
    assert list(resolutions_deciding("plan_adoption", adoption.pk)) == [adopting]
    assert list(resolutions_deciding("plan_amendment", amendment.pk)) == [amending]
    decided = decisions_of(amending, world.pwg)
    assert [(d.kind, d.label, d.url) for d in decided] == [
        ("plan_amendment", f"{plan.title} · เพิ่มเติม ครั้งที่ 1/2565", reverse("plans:detail", args=[plan.pk]))
    ]
    assert decisions_of(adopting, AnonymousUser()) == []  # only for those who may see the plan

    client = Client()
    client.force_login(world.pwg)
    page = client.get(reverse("meetings:resolution", args=[amending.pk])).content.decode()
    assert reverse("plans:detail", args=[plan.pk]) in page and "เพิ่มเติม ครั้งที่ 1/2565" in page
    page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert f'href="{reverse("meetings:resolution", args=[adopting.pk])}"' in page
    assert f'href="{reverse("meetings:resolution", args=[amending.pk])}"' in page
    assert page.count('class="badge"') >= 1 and "นอกระบบ" in page
