"""What search plugs into the registries of the apps below it (called from ``ready()``).

Write-time indexing: the ``post_save``/``post_delete`` signals of the indexed models (organisations,
plans, plan items, projects) note the changed object; ``search.services`` indexes it after the
transaction commits. The apps below import nothing of search.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _

from chumchon.accounts.menu import MenuEntry, register_menu_entry
from chumchon.areas.models import Area
from chumchon.core.demo import register_demo_step
from chumchon.organizations.selectors.bodies import register_body_text_search
from chumchon.search import selectors, services
from chumchon.search.models import DocKind


def _body_text_search(user: Any, text: str) -> Any:
    return selectors.matching_object_ids(user, text, DocKind.BODY)


def _ensure_index(sender: Any, using: str = "default", **_: Any) -> None:
    """After every migrate: the full-text index exists (on SQLite a table rebuild drops triggers)."""
    from django.db import connections

    from chumchon.search import fts

    connection = connections[using]
    if fts.TABLE in connection.introspection.table_names():
        fts.create_index(connection)


def register() -> None:
    for source in services.SOURCES.values():
        uid = f"search_index_{source.kind}"
        post_save.connect(services.note_changed, sender=source.model, dispatch_uid=f"{uid}_save")
        post_delete.connect(services.note_deleted, sender=source.model, dispatch_uid=f"{uid}_delete")
    from django.apps import apps

    post_save.connect(services.note_area_saved, sender=Area, dispatch_uid="search_area_code")

    post_migrate.connect(_ensure_index, sender=apps.get_app_config("search"), dispatch_uid="search_ensure_index")
    register_body_text_search(_body_text_search)
    register_demo_step("chumchon.search.demo", order=900)  # after every app's data (accounts' superuser is 1000)
    register_menu_entry(
        MenuEntry("search", _("Search"), "search:index", any_of=tuple(selectors.KIND_ACTIONS.values()), order=5)
    )
