"""Writes about accounts: API tokens are made and revoked here (audited)."""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from chumchon.accounts.models import TOKEN_PREFIX_LENGTH, ApiToken, User, token_digest
from chumchon.audit.models import AuditAction
from chumchon.audit.services import audit_record, audited_create


@transaction.atomic(durable=True)
def api_token_create(
    *, user: User, name: str, actor: User, expires_at: dt.datetime | None = None
) -> tuple[ApiToken, str]:
    """Make a token for ``user``; returns (token, key). The key is never stored and never shown again.

    A user makes tokens for themself; only a superuser makes them for someone else.
    """
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied("ต้องเข้าสู่ระบบ / You must be logged in.")
    if actor.pk != user.pk and not actor.is_superuser:
        raise PermissionDenied("สร้างโทเค็นได้เฉพาะของตนเอง / You can only create tokens for yourself.")
    if not name.strip():
        raise ValidationError("ต้องตั้งชื่อโทเค็น / The token needs a name.")
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError("วันหมดอายุต้องอยู่ในอนาคต / The expiry must be in the future.")
    key = "cc_" + secrets.token_urlsafe(32)
    token = audited_create(
        ApiToken,
        actor=actor,
        user=user,
        name=name.strip(),
        prefix=key[:TOKEN_PREFIX_LENGTH],
        token_hash=token_digest(key),
        expires_at=expires_at,
    )
    return token, key


@transaction.atomic(durable=True)
def api_token_revoke(*, token: ApiToken, actor: User) -> ApiToken:
    if actor is None or (actor.pk != token.user_id and not actor.is_superuser):
        raise PermissionDenied("เพิกถอนได้เฉพาะโทเค็นของตนเอง / You can only revoke your own tokens.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=token, changes={"revoked_at": [None, "now"]})
    return token


def api_token_authenticate(key: str) -> User | None:
    """The active user a key belongs to, or None. Touches ``last_used_at`` at most once a minute."""
    if not key:
        return None
    token = ApiToken.objects.select_related("user").filter(token_hash=token_digest(key)).first()
    if token is None or not token.is_usable() or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic(durable=True)
def user_digest_set(*, user: User, enabled: bool, actor: User) -> User:
    """Turn ``user``'s daily e-mail digest on or off (a user for themself; a superuser for anyone)."""
    if actor is None or (actor.pk != user.pk and not actor.is_superuser):
        raise PermissionDenied("เปลี่ยนได้เฉพาะของตนเอง / You can only change your own settings.")
    if user.daily_digest != enabled:
        before = user.daily_digest
        user.daily_digest = enabled
        user.save(update_fields=["daily_digest"])
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=user, changes={"daily_digest": [before, enabled]})
    return user
