"""Every write of organizations: bodies and the registry (``bodies``, ``leaders``), welfare funds (``welfare``)."""

from chumchon.organizations.services.bodies import (
    EDITABLE_FIELDS,
    body_create,
    body_create_in_transaction,
    body_update,
    body_update_in_transaction,
)
from chumchon.organizations.services.leaders import leader_add, leader_add_in_transaction, leader_remove
from chumchon.organizations.services.welfare import (
    welfare_benefit_pay,
    welfare_benefit_pay_in_transaction,
    welfare_year_save,
    welfare_year_save_in_transaction,
)

__all__ = [
    "EDITABLE_FIELDS",
    "body_create",
    "body_create_in_transaction",
    "body_update",
    "body_update_in_transaction",
    "leader_add",
    "leader_add_in_transaction",
    "leader_remove",
    "welfare_benefit_pay",
    "welfare_benefit_pay_in_transaction",
    "welfare_year_save",
    "welfare_year_save_in_transaction",
]
