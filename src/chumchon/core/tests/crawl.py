"""Crawl the site as one user with Django's test client: every link a page shows must answer, and
the visible text must carry no raw code (indicator codes, snake_case keys, ``app.model`` labels).

Used by test_crawl_demo.py; also runnable against a demo's data directory by hand:
``CHUMCHON_DATA_DIR=<demo dir> python -m chumchon.core.tests.crawl klongna``.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urldefrag, urlsplit

APPS = ("core", "audit", "areas", "accounts", "organizations", "meetings", "poverty", "budgets", "projects", "api")
RAW_PATTERNS = {
    "indicator code": re.compile(r"(?<![\w/.-])(?:i\d{2}|jpt\d[\w.]*)(?![\w/-])"),
    "snake_case key": re.compile(r"(?<![\w/.@-])[a-z]+(?:_[a-z0-9]+)+(?![\w/.@-])"),
    "app.model label": re.compile(rf"(?<![\w/.])(?:{'|'.join(APPS)})\.[a-z_]+(?![\w/])"),
}
# Links not followed: signing out, static files, language switches, deletions, downloads, and the
# Django admin (a technical tool for national administrators, with its own tests).
SKIP = re.compile(r"^/(?:accounts/logout|static/|admin/)|^/i18n/|/delete/|/export")
# Pages every user is shown alike: the public portal (aggregates only, the same signed in or not).
SHARED = re.compile(r"^/public/")
HIDDEN_TAGS = {"script", "style", "template", "noscript", "title", "head", "code", "pre", "textarea", "option"}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.text: list[str] = []
        self._hidden = 0
        self._stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.links.append(str(attributes["href"]))
        if tag in {"br", "img", "input", "meta", "link", "hr", "source", "wbr", "col"}:
            return
        # A code shown as a secondary label beside its name (<small class="code">i09</small>) is allowed.
        secondary = "code" in (attributes.get("class") or "").split()
        hidden = tag in HIDDEN_TAGS or secondary or "hidden" in attributes or attributes.get("aria-hidden") == "true"
        self._stack.append(tag if not hidden else f"!{tag}")
        if hidden:
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        while self._stack:
            top = self._stack.pop()
            if top.startswith("!"):
                self._hidden -= 1
            if top.lstrip("!") == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.text.append(data.strip())


@dataclass
class CrawlReport:
    username: str
    visited: dict[str, int] = field(default_factory=dict)
    broken: list[tuple[str, int, str]] = field(default_factory=list)  # (url, status, shown on)
    raw: list[tuple[str, str, str]] = field(default_factory=list)  # (url, kind, match)

    def summary(self) -> str:
        lines = [f"{self.username}: {len(self.visited)} pages"]
        lines += [f"  {status} {url} (linked from {origin})" for url, status, origin in self.broken]
        lines += [f"  raw {kind} {match!r} on {url}" for url, kind, match in self.raw]
        return "\n".join(lines)


def visible_text(html: str) -> str:
    parser = _Page()
    parser.feed(html)
    return "\n".join(parser.text)


def raw_codes(text: str, allowed: set[str]) -> list[tuple[str, str]]:
    found = []
    for kind, pattern in RAW_PATTERNS.items():
        for match in pattern.findall(text):
            if match not in allowed:
                found.append((kind, match))
    return found


def shape(url: str) -> str:
    """``/projects/17/report/?round=x`` → ``/projects/N/report/?round``: one kind of page."""
    parts = urlsplit(url)
    keys = sorted(k.split("=")[0] for k in parts.query.split("&") if k)
    return re.sub(r"\d+", "N", parts.path) + "?" + "&".join(keys)


def crawl(
    client: Any,
    username: str,
    *,
    start: str = "/",
    depth: int = 2,
    allowed: frozenset[str] | set[str] = frozenset(),
    per_shape: int = 0,
    shared: dict[str, int] | None = None,
) -> CrawlReport:
    """Breadth-first from ``start``: pages up to ``depth`` links away are fetched and read.

    ``per_shape``: at most this many pages of one shape (the same path with other ids), 0 for all.
    ``shared``: the answers of pages that are the same for every user (the public portal, ``SHARED``), filled by
    the first crawl that meets them and read by the next ones, which neither fetch nor follow them again.
    """
    report = CrawlReport(username)
    shapes: dict[str, int] = {}
    queue: deque[tuple[str, int, str]] = deque([(start, 0, "(start)")])
    seen_raw: set[tuple[str, str]] = set()
    while queue:
        url, level, origin = queue.popleft()
        if url in report.visited:
            continue
        if per_shape:
            key = shape(url)
            if shapes.get(key, 0) >= per_shape:
                continue
            shapes[key] = shapes.get(key, 0) + 1
        if shared is not None and url in shared:
            report.visited[url] = shared[url]
            if shared[url] >= 400:
                report.broken.append((url, shared[url], origin))
            continue
        response = client.get(url)
        report.visited[url] = response.status_code
        if shared is not None and SHARED.match(url):
            shared[url] = response.status_code
        if response.status_code >= 400:
            report.broken.append((url, response.status_code, origin))
            continue
        if response.status_code in (301, 302):
            continue  # a redirect (e.g. a language switch) is not a dead end
        if "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _Page()
        parser.feed(response.content.decode())
        for kind, match in raw_codes("\n".join(parser.text), allowed):
            if (kind, match) not in seen_raw:  # the same code on many pages is one finding
                seen_raw.add((kind, match))
                report.raw.append((url, kind, match))
        if level >= depth:
            continue
        for href in parser.links:
            href = urldefrag(href)[0]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not href.startswith("/") or SKIP.search(parts.path):
                continue
            if href not in report.visited:
                queue.append((href, level + 1, url))
    return report


if __name__ == "__main__":  # pragma: no cover - by hand, against a demo
    import os
    import sys

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chumchon.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    names = sys.argv[1:] or list(get_user_model().objects.order_by("pk").values_list("username", flat=True))
    usernames = set(get_user_model().objects.values_list("username", flat=True))
    for name in names:
        c = Client(raise_request_exception=False)
        c.force_login(get_user_model().objects.get(username=name))
        print(crawl(c, name, allowed=usernames, depth=3, per_shape=3).summary(), flush=True)
