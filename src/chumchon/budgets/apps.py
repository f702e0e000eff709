from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetsConfig(AppConfig):
    name = "chumchon.budgets"
    verbose_name = _("Budgets")

    def ready(self) -> None:
        from chumchon.core.demo import register_demo_step

        register_demo_step("chumchon.budgets.demo", order=50)  # core runs the demo steps in order

        from chumchon.budgets.services.programmes import approval_rules_for
        from chumchon.meetings import authority

        if approval_rules_for not in authority.RULE_SOURCES:
            authority.RULE_SOURCES.append(approval_rules_for)
