"""Every write of the portal: public feedback sent, and moderated by the area's staff."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from chumchon.accounts.models import User
from chumchon.accounts.permissions import Action, require_write
from chumchon.audit.services import audited_create, audited_update
from chumchon.core.bilingual import bilingual
from chumchon.portal.disclosure import national_ids_in
from chumchon.portal.error_codes import PortalErrorCode
from chumchon.portal.models import Feedback, FeedbackStatus, FeedbackTopic
from chumchon.projects.models import Project

# At most this many messages from one address per hour.
FEEDBACK_PER_HOUR = 5


def client_hash(address: str) -> str:
    """A keyed hash of the sender's address: enough to count, never the address itself."""
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def feedback_submit_in_transaction(
    *, place_key: str, area_code: str, message: str, address: str, project: Project | None = None
) -> Feedback:
    text = message.strip()
    if not text:
        raise ValidationError(bilingual("กรุณาเขียนข้อความ", "Please write a message."), code=PortalErrorCode.EMPTY)
    if national_ids_in(text):
        raise ValidationError(
            bilingual(
                "อย่าใส่เลขประจำตัวประชาชนในข้อความ ข้อความจะถูกเผยแพร่ต่อสาธารณะ",
                "Do not write national ID numbers: the message may be published.",
            ),
            code=PortalErrorCode.PERSONAL_DATA,
        )
    digest = client_hash(address)
    since = timezone.now() - dt.timedelta(hours=1)
    if Feedback.objects.filter(client_hash=digest, created_at__gte=since).count() >= FEEDBACK_PER_HOUR:
        raise ValidationError(
            bilingual("ส่งความเห็นมากเกินไป กรุณาลองใหม่ภายหลัง", "Too many messages; please try again later."),
            code=PortalErrorCode.TOO_MANY,
        )
    return audited_create(
        Feedback,
        actor=None,
        topic=FeedbackTopic.PROJECT if project is not None else FeedbackTopic.FIGURE,
        project=project,
        place_key=place_key,
        area_code=project.area.code if project is not None else area_code,
        message=text,
        client_hash=digest,
    )


feedback_submit = transaction.atomic(durable=True)(feedback_submit_in_transaction)


def feedback_moderate_in_transaction(*, feedback: Feedback, publish: bool, reply: str = "", actor: User) -> Feedback:
    require_write(actor, Action.FEEDBACK_MODERATE, feedback)
    if feedback.status != FeedbackStatus.PENDING and publish == (feedback.status == FeedbackStatus.APPROVED):
        raise ValidationError(
            bilingual("ความเห็นนี้ได้รับการพิจารณาแล้ว", "This message has already been moderated."),
            code=PortalErrorCode.WRONG_STATE,
        )
    if national_ids_in(reply):
        raise ValidationError(
            bilingual("อย่าใส่เลขประจำตัวประชาชนในคำตอบ", "Do not write national ID numbers in the reply."),
            code=PortalErrorCode.PERSONAL_DATA,
        )
    return audited_update(
        feedback,
        actor=actor,
        status=FeedbackStatus.APPROVED if publish else FeedbackStatus.REJECTED,
        reply=reply.strip(),
        moderated_by=actor,
        moderated_at=timezone.now(),
    )


feedback_moderate = transaction.atomic(durable=True)(feedback_moderate_in_transaction)
