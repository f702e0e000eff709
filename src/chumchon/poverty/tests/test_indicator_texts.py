"""Item 9 of issue 9: unverified indicator texts are marked as such wherever a name shows, and a
national administrator corrects them (audited; marked verified with a source note; kept by the loader)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from chumchon.audit.models import AuditEvent
from chumchon.poverty.error_codes import PovertyErrorCode
from chumchon.poverty.errors import PovertyError
from chumchon.poverty.indicators_data import indicator_sets_load
from chumchon.poverty.models import Indicator
from chumchon.poverty.services.indicators import indicator_texts_correct

pytestmark = pytest.mark.django_db
PLACEHOLDER = "ยังไม่ทราบข้อความ"


def _placeholder() -> Indicator:
    indicator_sets_load()
    found = Indicator.objects.filter(indicator_set__code="jpt-2566", name_th__contains=PLACEHOLDER).first()
    assert found is not None and found.verify
    return found


def test_the_2566_set_carries_ten_placeholders_all_marked_to_verify() -> None:
    indicator_sets_load()
    s66 = Indicator.objects.filter(indicator_set__code="jpt-2566")
    assert s66.filter(name_th__contains=PLACEHOLDER).count() == 10
    assert not s66.filter(name_th__contains=PLACEHOLDER, verify=False).exists()


def test_badge_follows_the_verify_flag_in_both_languages() -> None:
    indicator = _placeholder()
    template = Template("{% load indicators %}{% indicator_name i %}")
    for lang, word in (("th", "ยังไม่ยืนยัน"), ("en", "unverified")):
        with translation.override(lang):
            html = template.render(Context({"i": indicator}))
        assert 'class="badge warn unverified"' in html and word in html
    indicator.verify = False
    with translation.override("th"):
        html = template.render(Context({"i": indicator}))
    assert "unverified" not in html and indicator.name_th in html


def test_national_admin_corrects_texts_audited_and_the_loader_keeps_them(make_user: Any) -> None:
    indicator = _placeholder()
    admin = make_user("national_admin", nation=True)
    indicator_texts_correct(
        actor=admin,
        indicator=indicator,
        name_th="ครัวเรือนมีความอบอุ่น",
        name_en="The family is warm",
        source_note="คู่มือ จปฐ. 2566–2570 กรมการพัฒนาชุมชน หน้า 12",
    )
    indicator.refresh_from_db()
    assert (indicator.name_th, indicator.verify) == ("ครัวเรือนมีความอบอุ่น", False)
    assert indicator.source.startswith("คู่มือ จปฐ.")
    entry = AuditEvent.objects.filter(object_pk=str(indicator.pk), model_label="poverty.indicator").latest("pk")
    assert entry.actor_id == admin.pk and "name_th" in entry.changes
    indicator_sets_load()  # the data file still holds the placeholder: it must not come back
    indicator.refresh_from_db()
    assert (indicator.name_th, indicator.verify) == ("ครัวเรือนมีความอบอุ่น", False)


def test_correction_is_refused_to_others_and_without_a_source(make_user: Any) -> None:
    indicator = _placeholder()
    regional = make_user("codi_regional_staff", region="R5")
    with pytest.raises(PermissionDenied):
        indicator_texts_correct(actor=regional, indicator=indicator, name_th="x", name_en="", source_note="y")
    admin = make_user("national_admin", nation=True)
    with pytest.raises(PovertyError) as exc:
        indicator_texts_correct(actor=admin, indicator=indicator, name_th="ชื่อ", name_en="", source_note=" ")
    assert exc.value.code == PovertyErrorCode.SOURCE_REQUIRED
    indicator.refresh_from_db()
    assert PLACEHOLDER in indicator.name_th and indicator.verify


def test_pages_show_the_badge_and_offer_the_correction_to_national_admins_only(client: Any, make_user: Any) -> None:
    indicator = _placeholder()
    staff = make_user("codi_regional_staff", region="R5")
    client.force_login(staff)
    page = client.get(reverse("poverty:indicators"))
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('class="badge warn unverified"') == Indicator.objects.filter(verify=True).count()
    assert reverse("poverty:indicator_edit", args=[indicator.pk]) not in html
    edit = reverse("poverty:indicator_edit", args=[indicator.pk])
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"name_th": "x", "source_note": "y"}).status_code == 403
    indicator.refresh_from_db()
    assert indicator.verify

    client.force_login(make_user("national_admin", nation=True))
    assert edit in client.get(reverse("poverty:indicators")).content.decode()
    assert client.get(edit).status_code == 200
    answer = client.post(edit, {"name_th": "สมาชิกในครัวเรือนช่วยเหลือกัน", "name_en": "", "source_note": "CDD manual p. 40"})
    assert answer.status_code == 302
    indicator.refresh_from_db()
    assert indicator.name_th == "สมาชิกในครัวเรือนช่วยเหลือกัน" and not indicator.verify
    after = client.get(reverse("poverty:indicators")).content.decode()
    assert after.count('class="badge warn unverified"') == Indicator.objects.filter(verify=True).count()
    assert f'id="indicator-{indicator.pk}"' in after
