"""The daily digest (สรุปงานประจำวัน): one e-mail per user with what awaits them, in Thai and English.

``chumchon digest`` sends it (schedule it daily: docs/deploy.md). A user gets it when they are active,
have an e-mail address, have not turned it off (``User.daily_digest``) and their worklist is not
empty. The counts and links are the worklist's (``accounts.worklist``), so the e-mail, the home page
and the linked pages agree. Sent through Django's e-mail backend (a file per message in the demo,
SMTP when CHUMCHON_EMAIL_HOST is set).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django.utils import timezone, translation

from chumchon.accounts.models import User
from chumchon.accounts.worklist import WorklistItem, worklist_for
from chumchon.core.thai import format_date_be


@dataclass(frozen=True)
class DigestResult:
    sent: int
    skipped_empty: int
    skipped_opted_out: int
    skipped_no_address: int


def _items_in(language: str, user: User) -> list[WorklistItem]:
    with translation.override(language):
        return worklist_for(user)


def digest_message(user: User, site_url: str) -> EmailMessage | None:
    """The digest for ``user`` (None when nothing awaits them)."""
    items_th = _items_in("th", user)
    if not items_th:
        return None
    items_en = {i.key + i.url: i for i in _items_in("en", user)}
    home = site_url + reverse("home")
    settings_page = site_url + reverse("accounts:me")
    name = user.get_full_name() or user.username
    today = timezone.localdate()
    lines = [
        f"เรียน {name}",
        "",
        f"งานที่รอคุณในระบบชุมชน ณ วันที่ {format_date_be(today)}:",
        "",
    ]
    lines += [f"  • {i.label}: {i.count}\n    {site_url}{i.url}" for i in items_th]
    lines += [
        "",
        f"หน้าแรกของคุณ: {home}",
        f"ไม่ต้องการรับอีเมลนี้ ปิดได้ที่ {settings_page}",
        "",
        "— English —",
        "",
        f"Dear {name},",
        "",
        f"What is waiting for you in Chumchon on {today.day} {today:%B} {today.year}:",
        "",
    ]
    lines += [f"  • {items_en.get(i.key + i.url, i).label}: {i.count}\n    {site_url}{i.url}" for i in items_th]
    lines += [
        "",
        f"Your home page: {home}",
        f"To stop these e-mails, turn them off at {settings_page}",
    ]
    total = sum(i.count for i in items_th)
    subject = f"ชุมชน: {total} งานรอคุณ / Chumchon: {total} items waiting for you"
    return EmailMessage(subject=subject, body="\n".join(lines), to=[user.email])


def digest_send(*, site_url: str | None = None, usernames: list[str] | None = None) -> DigestResult:
    """Send each active user with an address, who has not opted out and has work waiting, one e-mail."""
    base = (site_url or settings.SITE_URL).rstrip("/")
    users = User.objects.filter(is_active=True).order_by("pk")
    if usernames:
        users = users.filter(username__in=usernames)
    sent = empty = opted_out = no_address = 0
    messages: list[EmailMessage] = []
    for user in users:
        if not user.email:
            no_address += 1
            continue
        if not user.daily_digest:
            opted_out += 1
            continue
        message = digest_message(user, base)
        if message is None:
            empty += 1
            continue
        messages.append(message)
    if messages:
        with get_connection() as connection:
            sent = connection.send_messages(messages) or 0
    return DigestResult(sent=sent, skipped_empty=empty, skipped_opted_out=opted_out, skipped_no_address=no_address)
