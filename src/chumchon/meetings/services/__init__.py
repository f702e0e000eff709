"""Writes of the meetings domain: validation, permission, transaction, audit.

* ``resolutions`` — ``resolution_record`` (a resolution given by body, date, number and text: the
  older form, still used by budgets' pages and the demo);
* ``committees`` — seats and terms (``membership_add``, ``membership_end``, ``term_extend``);
* ``sittings`` — meetings, attendance, quorum, minutes, resolutions of a meeting or an external one;
* ``delegations`` — dated delegation of authority (``delegation_create``) and its rule source.

Each entry point is durable, with a nestable ``*_in_transaction`` form beside it.
"""

from chumchon.meetings.services.committees import (
    ROLE_FOR_KIND,
    committee_on,
    membership_add,
    membership_add_in_transaction,
    membership_end,
    membership_end_in_transaction,
    secretary_of,
    term_extend,
    term_extend_in_transaction,
)
from chumchon.meetings.services.delegations import (
    delegation_create,
    delegation_create_in_transaction,
    delegation_rules,
)
from chumchon.meetings.services.resolutions import (
    can_record_resolution,
    resolution_record,
    resolution_record_in_transaction,
)
from chumchon.meetings.services.sittings import (
    QUORUM_RULES,
    Quorum,
    attendance_record,
    attendance_record_in_transaction,
    can_minute,
    meeting_create,
    meeting_create_in_transaction,
    meeting_minutes_attach,
    meeting_minutes_attach_in_transaction,
    quorum_of,
    resolution_at_meeting,
    resolution_at_meeting_in_transaction,
    resolution_external,
    resolution_external_in_transaction,
)

__all__ = [
    "QUORUM_RULES",
    "ROLE_FOR_KIND",
    "Quorum",
    "attendance_record",
    "attendance_record_in_transaction",
    "can_minute",
    "can_record_resolution",
    "committee_on",
    "delegation_create",
    "delegation_create_in_transaction",
    "delegation_rules",
    "meeting_create",
    "meeting_create_in_transaction",
    "meeting_minutes_attach",
    "meeting_minutes_attach_in_transaction",
    "membership_add",
    "membership_add_in_transaction",
    "membership_end",
    "membership_end_in_transaction",
    "quorum_of",
    "resolution_at_meeting",
    "resolution_at_meeting_in_transaction",
    "resolution_external",
    "resolution_external_in_transaction",
    "resolution_record",
    "resolution_record_in_transaction",
    "secretary_of",
    "term_extend",
    "term_extend_in_transaction",
]
