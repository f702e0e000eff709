from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "chumchon.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate, pre_migrate

        from chumchon.core import dataversion

        # Every write through Django moves its app's data version (core.dataversion).
        connection_created.connect(dataversion.install, dispatch_uid="chumchon.core.dataversion")
        pre_migrate.connect(dataversion.migration_starts, sender=self, dispatch_uid="chumchon.core.dv_pre")
        post_migrate.connect(dataversion.migration_ends, sender=self, dispatch_uid="chumchon.core.dv_post")
