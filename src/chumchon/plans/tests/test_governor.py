"""Proposals to the governor and agencies: status derivation, services and their refusals,
escalation to the worklist, the register and its counts, scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from chumchon.accounts.models import Role
from chumchon.accounts.worklist import worklist_for
from chumchon.areas.models import Area
from chumchon.organizations.models import Body, BodyKind
from chumchon.plans import services as plan_services
from chumchon.plans.governor import selectors, services
from chumchon.plans.governor.error_codes import GovernorErrorCode
from chumchon.plans.governor.models import GovernorProposal, GovernorStatus, status_of, status_q
from chumchon.plans.governor.worklist import worklist_items
from chumchon.plans.models import PlanItem, PlanKind, PlanLevel

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
D = dt.timedelta


def _body(kind: str, code: str, name: str) -> Body:
    body = Body(kind=kind, name_th=name, scope_kind="area", area=Area.objects.get(code=code))
    body.full_clean()
    body.save()
    return body


@dataclass
class G:
    council: Body
    other_council: Body
    secretariat: Body
    secretary: Any
    other_secretary: Any
    pwg: Any
    member: Any
    outsider: Any
    items: list[PlanItem]
    provincial_item: PlanItem

    def proposal(self, *, title: str = "ข้อเสนอเรื่องน้ำเพื่อการเกษตร", **kw: Any) -> GovernorProposal:
        return services.proposal_create(
            actor=kw.pop("actor", self.secretary),
            proposing_body=kw.pop("proposing_body", self.council),
            title=title,
            items=kw.pop("items", self.items[:1]),
            recipient_kind=kw.pop("recipient_kind", "governor"),
            recipient_name=kw.pop("recipient_name", "ผู้ว่าราชการจังหวัดฉะเชิงเทรา"),
            **kw,
        )

    def sent(self, *, days_ago: int, due_in: int | None, **kw: Any) -> GovernorProposal:
        p = self.proposal(**kw)
        due = TODAY - D(days=days_ago) + D(days=due_in) if due_in is not None else None
        return services.proposal_send(
            actor=self.secretary,
            proposal=p,
            sent_on=TODAY - D(days=days_ago),
            secretariat=self.secretariat,
            reply_due_on=due,
        )


def build_world(make_user: Any) -> G:
    """Chachoengsao: two tambon councils, the provincial working group as secretariat, their users,
    a council plan with two items and a provincial plan with one; an outsider in Chonburi."""
    council = _body(BodyKind.TAMBON_COMMUNITY_COUNCIL, "240104", "สภาองค์กรชุมชนตำบลคลองนา")
    other = _body(BodyKind.TAMBON_COMMUNITY_COUNCIL, "240105", "สภาองค์กรชุมชนตำบลบางตีนเป็ด")
    group = _body(BodyKind.PROVINCIAL_WORKING_GROUP, "24", "คณะทำงานติดตามข้อเสนอจังหวัดฉะเชิงเทรา")
    secretary = make_user(Role.TAMBON_COUNCIL_SECRETARY, area="240104", body=council, username="g_secretary")
    pwg = make_user(Role.PROVINCIAL_WORKING_GROUP_MEMBER, area="24", body=group, username="g_pwg")
    plan = plan_services.plan_create(
        actor=secretary,
        title="แผนพัฒนาตำบลคลองนา",
        level=PlanLevel.TAMBON,
        kind=PlanKind.COUNCIL_TAMBON,
        owner=council,
        start_year_be=2568,
        end_year_be=2570,
    )
    items = [plan_services.item_create(actor=secretary, plan=plan, title=t) for t in ("ฝายชะลอน้ำ", "ตลาดชุมชน")]
    provincial = plan_services.plan_create(
        actor=pwg,
        title="แผนภาคประชาชนจังหวัดฉะเชิงเทรา",
        level=PlanLevel.PROVINCE,
        kind=PlanKind.PEOPLES_PROVINCIAL,
        owner=group,
        start_year_be=2568,
        end_year_be=2570,
    )
    provincial_item = plan_services.item_create(actor=pwg, plan=provincial, title="บริหารจัดการน้ำ")
    return G(
        council=council,
        other_council=other,
        secretariat=group,
        secretary=secretary,
        other_secretary=make_user(Role.TAMBON_COUNCIL_SECRETARY, area="240105", body=other, username="g_other"),
        pwg=pwg,
        member=make_user(Role.TAMBON_COUNCIL_MEMBER, area="240104", username="g_member"),
        outsider=make_user(Role.PROVINCIAL_WORKING_GROUP_MEMBER, area="20", username="g_outsider"),
        items=items,
        provincial_item=provincial_item,
    )


@pytest.fixture
def g(make_user: Any) -> G:
    return build_world(make_user)


def _derived(p: GovernorProposal, today: dt.date) -> str:
    """The status by the Python rule, checked against the queryset rule (exactly one matches)."""
    matching = [
        s for s in GovernorStatus.values if GovernorProposal.objects.filter(status_q(s, today), pk=p.pk).exists()
    ]
    assert matching == [status_of(p, today)]
    return matching[0]


def test_status_follows_the_dates(g: G) -> None:
    draft = g.proposal()
    no_due = g.sent(days_ago=10, due_in=None)
    late = g.sent(days_ago=40, due_in=30)
    answered = g.sent(days_ago=40, due_in=30)
    services.proposal_reply(actor=g.pwg, proposal=answered, replied_on=TODAY - D(days=5), outcome="acknowledged")
    declined = g.sent(days_ago=40, due_in=30)
    services.proposal_reply(actor=g.secretary, proposal=declined, replied_on=TODAY, outcome="declined", text="งบไม่พอ")
    included = g.sent(days_ago=40, due_in=30)
    services.proposal_include(actor=g.pwg, proposal=included, included_on=TODAY, item=g.provincial_item)

    assert _derived(draft, TODAY) == GovernorStatus.DRAFT
    assert _derived(no_due, TODAY) == GovernorStatus.SENT
    # The same proposal awaits its reply up to the due date and is overdue the day after.
    due = late.reply_due_on
    assert due == TODAY - D(days=10)
    assert _derived(late, due) == GovernorStatus.AWAITING
    assert _derived(late, due + D(days=1)) == GovernorStatus.OVERDUE
    assert _derived(late, TODAY) == GovernorStatus.OVERDUE and late.days_overdue(TODAY) == 10
    assert _derived(answered, TODAY) == GovernorStatus.ANSWERED
    assert _derived(declined, TODAY) == GovernorStatus.DECLINED
    assert _derived(included, TODAY) == GovernorStatus.INCLUDED
    # The timeline keeps every step (recorded in the system after the sending here: back-entered).
    assert [e.action for e in included.events.order_by("id")] == ["create", "send", "include"]


def test_register_counts_and_filters(g: G) -> None:
    g.proposal()
    g.sent(days_ago=40, due_in=30)
    g.sent(days_ago=40, due_in=30)
    g.sent(days_ago=5, due_in=30, recipient_kind="agency", recipient_name="สำนักงานชลประทานที่ 9")
    province = Area.objects.get(code="24")
    qs = selectors.register(g.pwg, province=province, today=TODAY)
    counts = {s: n for s, _, n in selectors.status_counts(qs, TODAY)}
    assert counts == {"draft": 1, "sent": 0, "awaiting": 1, "overdue": 2, "answered": 0, "included": 0, "declined": 0}
    assert selectors.register(g.pwg, province=province, status="overdue", today=TODAY).count() == 2
    assert selectors.register(g.pwg, province=province, recipient="agency", today=TODAY).count() == 1
    # Later the same two are no longer overdue for a day before their due date.
    assert selectors.register(g.pwg, province=province, status="overdue", today=TODAY - D(days=11)).count() == 0
    # Numbers run per province and year.
    assert sorted(qs.values_list("number", flat=True)) == [1, 2, 3, 4]


def test_escalation_to_the_worklist_of_proposer_and_secretariat(g: G) -> None:
    p = g.sent(days_ago=20, due_in=10)  # due ten days ago
    due = p.reply_due_on
    assert due is not None
    for user in (g.secretary, g.pwg):
        assert list(worklist_items(user, today=due)) == []  # on the due date: not yet overdue
        (item,) = worklist_items(user, today=due + D(days=1))
        assert (item.key, item.count, item.severity) == ("plans.governor_overdue", 1, "warning")
        (item,) = worklist_items(user, today=due + D(days=31))
        assert (item.key, item.count, item.severity) == ("plans.governor_long_overdue", 1, "danger")
    # The neighbouring council and a council member without a body role see nothing.
    assert list(worklist_items(g.other_secretary, today=due + D(days=1))) == []
    assert list(worklist_items(g.member, today=due + D(days=1))) == []
    # Through the real worklist (today's date): overdue now, and gone once the reply is recorded.
    keys = [i.key for i in worklist_for(g.secretary)]
    assert "plans.governor_overdue" in keys
    services.proposal_reply(actor=g.pwg, proposal=p, replied_on=TODAY, outcome="accepted")
    assert "plans.governor_overdue" not in [i.key for i in worklist_for(g.secretary)]


def test_worklist_link_lists_the_counted_rows(g: G, client: Any) -> None:
    p = g.sent(days_ago=20, due_in=10)
    g.sent(days_ago=5, due_in=30)
    (item,) = worklist_for_key(g.secretary, "plans.governor_overdue")
    client.force_login(g.secretary)
    response = client.get(item.url)
    assert response.status_code == 200
    assert [r.pk for r in response.context["page"].object_list] == [p.pk]


def worklist_for_key(user: Any, key: str) -> list[Any]:
    return [i for i in worklist_for(user) if i.key == key]


def test_refusals_are_bilingual(g: G) -> None:
    p = g.proposal()
    with pytest.raises(ValidationError) as exc:
        services.proposal_reply(actor=g.secretary, proposal=p, replied_on=TODAY, outcome="accepted")
    assert exc.value.code == GovernorErrorCode.NOT_SENT
    services.proposal_send(actor=g.secretary, proposal=p, sent_on=TODAY - D(days=3), secretariat=g.secretariat)
    with pytest.raises(ValidationError) as exc:
        services.proposal_reply(actor=g.secretary, proposal=p, replied_on=TODAY - D(days=4), outcome="accepted")
    assert exc.value.code == GovernorErrorCode.BEFORE_SENT
    message = exc.value.messages[0]
    assert "ต้องไม่ก่อนวันที่ส่งข้อเสนอ" in message and "may not precede the sent date" in message
    with pytest.raises(ValidationError) as exc:
        services.proposal_include(actor=g.secretary, proposal=p, included_on=TODAY, item=g.items[0])
    assert exc.value.code == GovernorErrorCode.BAD_INCLUSION
    with pytest.raises(ValidationError) as exc:
        services.proposal_send(actor=g.secretary, proposal=p, sent_on=TODAY, secretariat=g.secretariat)
    assert exc.value.code == GovernorErrorCode.NOT_DRAFT
    with pytest.raises(ValidationError) as exc:
        g.proposal(items=[])
    assert exc.value.code == GovernorErrorCode.NO_ITEMS
    with pytest.raises(ValidationError) as exc:  # an item of another tambon's plan
        g.proposal(actor=g.pwg, proposing_body=g.other_council)
    assert exc.value.code == GovernorErrorCode.ITEM_OUTSIDE
    with pytest.raises(PermissionDenied):
        g.proposal(actor=g.member)
    with pytest.raises(PermissionDenied):
        services.proposal_reply(actor=g.other_secretary, proposal=p, replied_on=TODAY, outcome="accepted")
    p.refresh_from_db()
    assert p.replied_on is None and p.included_on is None


def test_scope_other_province_and_tambon_get_404(g: G, client: Any) -> None:
    p = g.sent(days_ago=5, due_in=30)
    url = reverse("plans:governor_detail", args=[p.pk])
    client.force_login(g.pwg)
    assert client.get(url).status_code == 200
    client.force_login(g.outsider)
    assert client.get(url).status_code == 404
    assert client.get(reverse("plans:governor_reply", args=[p.pk])).status_code == 404
    register = client.get(reverse("plans:governor_register") + "?province=24")
    assert register.status_code == 200 and list(register.context["page"].object_list) == []
    client.force_login(g.other_secretary)
    assert client.get(url).status_code == 404
    client.force_login(g.member)  # may read the council's proposal, may not write it
    assert client.get(url).status_code == 200
    assert client.get(reverse("plans:governor_reply", args=[p.pk])).status_code == 403


def test_pages_record_send_reply_include_and_export(g: G, client: Any) -> None:
    client.force_login(g.secretary)
    response = client.post(
        reverse("plans:governor_create"),
        {
            "proposing_body": g.council.pk,
            "title": "ขอสนับสนุนฝายชะลอน้ำ",
            "items": [g.items[0].pk, g.items[1].pk],
            "recipient_kind": "governor",
            "recipient_name": "ผู้ว่าราชการจังหวัดฉะเชิงเทรา",
            "secretariat": g.secretariat.pk,
        },
    )
    p = GovernorProposal.objects.get()
    assert response.status_code == 302 and p.items.count() == 2
    sent = TODAY - D(days=3)
    be = f"{sent.day}/{sent.month}/{sent.year + 543}"
    client.post(reverse("plans:governor_send", args=[p.pk]), {"sent_on": be, "secretariat": g.secretariat.pk})
    p.refresh_from_db()
    assert p.sent_on == sent
    # A reply dated before the sending is refused on the page, in Thai (the default language).
    before = sent - D(days=1)
    response = client.post(
        reverse("plans:governor_reply", args=[p.pk]),
        {"replied_on": f"{before.day}/{before.month}/{before.year + 543}", "outcome": "accepted"},
    )
    assert response.status_code == 200 and "ต้องไม่ก่อนวันที่ส่ง" in response.content.decode()
    client.force_login(g.pwg)  # the secretariat records the reply and the inclusion
    today_be = f"{TODAY.day}/{TODAY.month}/{TODAY.year + 543}"
    client.post(reverse("plans:governor_reply", args=[p.pk]), {"replied_on": today_be, "outcome": "accepted"})
    client.post(reverse("plans:governor_include", args=[p.pk]), {"included_on": today_be, "item": g.provincial_item.pk})
    p.refresh_from_db()
    assert p.status_on(TODAY) == GovernorStatus.INCLUDED and p.included_item == g.provincial_item
    page = client.get(reverse("plans:governor_detail", args=[p.pk])).content.decode()
    assert "บริหารจัดการน้ำ" in page and 'data-status="included"' in page
    register = client.get(reverse("plans:governor_register") + "?province=24&status=included")
    assert [r.pk for r in register.context["page"].object_list] == [p.pk]
    assert 'id="count-included">1<' in register.content.decode()
    export = client.get(reverse("plans:governor_export") + "?province=24")
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_demo_step_tells_every_state_once(g: G) -> None:
    import random

    from chumchon.areas.models import CodiRegion
    from chumchon.core.demo import DemoContext
    from chumchon.plans.governor import demo

    region = CodiRegion.objects.get(provinces__code="24")
    users = {Role.PROVINCIAL_WORKING_GROUP_MEMBER: g.pwg, Role.TAMBON_COUNCIL_SECRETARY: g.secretary}
    ctx = DemoContext(seed=1, region=region, rng=random.Random(1), shared={"users": users}, today=TODAY)
    demo.generate(ctx)
    proposals = list(GovernorProposal.objects.all())
    assert {p.status_on(TODAY) for p in proposals} == set(GovernorStatus.values)
    assert len(proposals) == len(demo.STORIES) + len(demo.OTHER_STORIES)
    # The council's secretary and the secretariat both see the escalation.
    assert [i.severity for i in worklist_items(g.secretary)] == ["warning"]
    assert sorted(i.severity for i in worklist_items(g.pwg)) == ["danger", "warning"]
    demo.generate(ctx)  # idempotent
    assert GovernorProposal.objects.count() == len(proposals)


def test_register_opens_on_the_province_with_proposals(g: G, make_user: Any, client: Any) -> None:
    g.sent(days_ago=5, due_in=30)
    client.force_login(make_user(Role.NATIONAL_ADMIN, nation=True, username="g_admin"))
    response = client.get(reverse("plans:governor_register"))
    assert response.context["province"].code == "24"
    assert len(response.context["page"].object_list) == 1
