from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AreasConfig(AppConfig):
    name = "chumchon.areas"
    verbose_name = _("Areas")

    def ready(self) -> None:
        from chumchon.areas.demo import demo_region, national_tree_load
        from chumchon.audit.scoped_admin import register_choice_narrower
        from chumchon.core import access
        from chumchon.core.demo import register_demo_region_lookup, register_demo_setup, register_demo_step

        # The admin offers only areas inside the user's write scope.
        register_choice_narrower("areas.area", lambda qs, user, action: access.scoped(qs, user, action, "code"))
        register_demo_region_lookup(demo_region)
        register_demo_setup("โหลดพื้นที่ทั้งประเทศ / loading the national area tree", national_tree_load, order=10)
        register_demo_step("chumchon.areas.demo", order=10)
