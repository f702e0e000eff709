"""Links a body's page offers to the pages of higher apps (a registry those apps fill).

The organisations app sits below meetings and may not link to its pages itself; meetings registers
a ``BodyLink`` from its ``registrations.py`` (its committee page: members, meetings, resolutions and
term extensions by resolution). A link function answers ``None`` where it has nothing for that body
or viewer, so the page never offers a link the viewer cannot follow.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from chumchon.organizations.models import Body


@dataclass(frozen=True)
class Link:
    key: str  # an element id on the page ("body-link-<key>")
    label: str
    url: str


BodyLink = Callable[[Any, Body], Link | None]
BODY_PAGE_LINKS: list[BodyLink] = []


def register_body_page_link(fn: BodyLink) -> None:
    if fn not in BODY_PAGE_LINKS:
        BODY_PAGE_LINKS.append(fn)


def body_page_links(viewer: Any, body: Body) -> list[Link]:
    """The links ``viewer`` may follow from ``body``'s page, in registration order."""
    return [link for fn in BODY_PAGE_LINKS if (link := fn(viewer, body)) is not None]
