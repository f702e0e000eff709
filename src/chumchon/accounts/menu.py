"""The main menu (เมนูหลัก): a small registry of entries, each guarded by the actions that let a role use it.

accounts owns the registry; each app registers its entries from its ``registrations.py`` (the apps
below accounts — audit, core's jobs — are registered by accounts itself). The context processor
``chumchon.accounts.context_processors.main_menu`` asks the permission module which entries this
user may use; base.html only draws them, with no rule of its own and no role names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.translation import get_language

from chumchon.accounts import permissions
from chumchon.core import jobs
from chumchon.core.kept import kept


@dataclass(frozen=True)
class MenuEntry:
    key: str  # stable, e.g. "projects"; the element id is "nav-<key>"
    label: Any  # lazily translated
    url_name: str
    any_of: tuple[str, ...] = ()  # shown when the user holds any of these actions anywhere; () = every user
    visible: Callable[[Any], bool] | None = None  # a further test (e.g. "sees at least one job")
    order: int = 100


@dataclass(frozen=True)
class MenuLink:
    key: str
    label: str
    url: str
    active: bool


MENU_ENTRIES: list[MenuEntry] = []

# The entries' links, reversed once per URLconf, script prefix and language (~20 ``reverse()`` calls on every
# signed-in page otherwise), with their labels in that language. The key holds everything ``reverse`` reads
# for a name without arguments; each value is (url, the label it was made for, the label's text).
_urls: dict[tuple[Any, ...], dict[str, tuple[str, Any, str]]] = {}


def register_menu_entry(entry: MenuEntry) -> None:
    """Add (or replace, by key) a menu entry."""
    MENU_ENTRIES[:] = [e for e in MENU_ENTRIES if e.key != entry.key]
    MENU_ENTRIES.append(entry)


def allowed(entry: MenuEntry, user: Any, grants: permissions.Grants | None = None) -> bool:
    """Whether ``user`` may use ``entry`` (``grants``: the user's, when the caller has them at hand)."""
    if entry.any_of:
        held = permissions.grants_for(user) if grants is None else grants
        if not any(held.prefixes(a) for a in entry.any_of):
            return False
    return entry.visible is None or bool(entry.visible(user))


def menu_for(user: Any, path: str = "") -> list[MenuLink]:
    """The entries ``user`` may use, in order; the one whose page ``path`` lies under is active.

    Drawn on every signed-in page: the user's grants are looked up once (not once per entry, through the
    request's lazy user), and each entry's link and label are made once per URLconf, script prefix and
    language (the translations do not change while the process runs)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    grants = permissions.grants_for(user)
    language = get_language()
    urls = _urls.setdefault((get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), language), {})
    shown: list[tuple[MenuEntry, str, str]] = []
    for entry in sorted(MENU_ENTRIES, key=lambda e: (e.order, e.key)):
        if not allowed(entry, user, grants):
            continue
        made = urls.get(entry.url_name)
        if made is None or made[1] is not entry.label:
            made = urls[entry.url_name] = (reverse(entry.url_name), entry.label, str(entry.label))
        shown.append((entry, made[0], made[2]))
    # When entries nest (/plans/ and /plans/governor/), only the deepest one the page lies under is active.
    under = [url for _, url, _ in shown if (path == url if url == "/" else path.startswith(url))]
    deepest = max((len(url) for url in under), default=0)
    return [
        MenuLink(key=entry.key, label=label, url=url, active=len(url) == deepest and url in under)
        for entry, url, label in shown
    ]


def sees_any_job(user: Any) -> bool:
    """Background jobs are worth a menu entry only to those who may see at least one: asked on every signed-in
    page, so the answer is kept while the jobs', accounts' and areas' data versions stay the same
    (``core.kept``; a new job, or a changed role or area, asks again) and the day (the grants follow the
    role assignments' dates)."""
    return kept(
        ("accounts.menu.sees_any_job", getattr(user, "pk", None), timezone.localdate()),
        ("core", "accounts", "areas"),
        lambda: jobs.jobs_visible_to(user).exists(),
    )


def is_staff(user: Any) -> bool:
    return bool(getattr(user, "is_staff", False))
