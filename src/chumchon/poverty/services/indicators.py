"""Indicator texts: a national administrator corrects an indicator's names once confirmed.

The 2566–2570 set was loaded with placeholder and carried-over texts, every one marked ``verify``
(see ``poverty/indicators_data/jpt-2566.json`` and ``bench/data/BMN-2566-SOURCES.md``). Correcting
an indicator's texts records where they were confirmed (``source``), clears ``verify`` (the pages
stop showing the "unverified" badge) and leaves an audit row; the loader keeps a verified text
(it no longer overwrites it from the data file).
"""

from __future__ import annotations

from django.db import transaction

from chumchon.accounts.models import User
from chumchon.accounts.permissions import Action, require_write
from chumchon.audit.services import audited_update
from chumchon.core.bilingual import bilingual as bi
from chumchon.poverty.error_codes import PovertyErrorCode
from chumchon.poverty.errors import PovertyError
from chumchon.poverty.models import Indicator


def indicator_texts_correct_in_transaction(
    *, actor: User, indicator: Indicator, name_th: str, name_en: str, source_note: str
) -> Indicator:
    """Set ``indicator``'s Thai and English names, mark them verified and cite ``source_note`` (audited).

    Only a national administrator (``INDICATOR_SET_EDIT`` over the nation) may; the Thai name and the
    source note are required.
    """
    require_write(actor, Action.INDICATOR_SET_EDIT, "")
    name_th, name_en, source_note = name_th.strip(), name_en.strip(), source_note.strip()
    if not name_th:
        raise PovertyError(
            bi("ต้องระบุชื่อตัวชี้วัดภาษาไทย", "The Thai name of the indicator is required."),
            code=PovertyErrorCode.NAME_REQUIRED,
        )
    if not source_note:
        raise PovertyError(
            bi("ต้องระบุแหล่งที่ยืนยันข้อความ", "Say where the text was confirmed (the source)."),
            code=PovertyErrorCode.SOURCE_REQUIRED,
        )
    locked = Indicator.objects.select_for_update().get(pk=indicator.pk)
    audited_update(
        locked,
        actor=actor,
        note=bi("ยืนยันข้อความตัวชี้วัด", "indicator texts verified"),
        name_th=name_th,
        name_en=name_en,
        source=source_note,
        verify=False,
    )
    return locked


# The entry point views call, in its own durable transaction (see poverty/services/additions.py).
indicator_texts_correct = transaction.atomic(durable=True)(indicator_texts_correct_in_transaction)
