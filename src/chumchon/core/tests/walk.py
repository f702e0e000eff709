"""Walk the site as one user in a real browser (issue 9 acceptance): sign in through the login form,
open every menu link and every link on the home page at phone width, and note what a user would
trip over — an error answer, a page that scrolls sideways, or raw codes in the visible text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}

# Raw codes a user should never read: indicator codes (i09), snake_case keys (tpmap_only), model labels.
APPS = "core|audit|areas|accounts|organizations|meetings|poverty|plans|budgets|projects|api"
RAW_CODE_PATTERNS: dict[str, re.Pattern[str]] = {
    "indicator code": re.compile(r"(?<![\w/.-])i\d{2}(?![\w/.-])"),
    "snake_case key": re.compile(r"(?<![\w/.@-])[a-z]{2,}(?:_[a-z]{2,})+(?![\w/.@-])"),
    "app.model name": re.compile(rf"(?<![\w/.@-])(?:{APPS})\.[a-z_]{{3,}}(?![\w/.@-])"),
}


# Every input has a label (or an accessible name) and no element id is used twice.
FORM_CHECK = """() => {
  const out = [];
  const ids = {};
  for (const el of document.querySelectorAll('[id]')) { ids[el.id] = (ids[el.id] || 0) + 1; }
  for (const [id, n] of Object.entries(ids)) { if (n > 1) out.push('duplicate id #' + id + ' (' + n + ')'); }
  for (const el of document.querySelectorAll('input, select, textarea')) {
    const type = (el.getAttribute('type') || '').toLowerCase();
    if (['hidden', 'submit', 'button', 'reset', 'image'].includes(type)) continue;
    const named = (el.labels && el.labels.length) || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')
      || el.getAttribute('title');
    if (!named) out.push('input without a label: ' + el.tagName.toLowerCase() + '[name=' + el.getAttribute('name') + ']');
  }
  return out; }"""


@dataclass
class Finding:
    url: str
    problem: str
    detail: str = ""


@dataclass
class Walk:
    username: str
    visited: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def add(self, url: str, problem: str, detail: str = "") -> None:
        self.findings.append(Finding(url, problem, detail))


def login(page: Any, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("#login-submit")
    page.wait_for_load_state()


def _same_site_links(page: Any, selector: str, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all(selector, "els => els.map(e => e.getAttribute('href'))")
    out: list[str] = []
    host = urlsplit(base).netloc
    for href in hrefs:
        if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
            continue
        absolute = urljoin(base, href)
        parts = urlsplit(absolute)
        if parts.netloc != host or parts.path.startswith(("/admin/", "/static/", "/accounts/logout")):
            continue
        if "format=xlsx" in parts.query or parts.path.endswith((".xlsx", ".csv", ".pdf")):
            continue  # downloads, not pages
        relative = parts.path + (f"?{parts.query}" if parts.query else "")
        if relative not in out:
            out.append(relative)
    return out


def raw_codes(text: str, *, allowed: set[str]) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for name, pattern in RAW_CODE_PATTERNS.items():
        for match in pattern.findall(text):
            if match not in allowed and (name, match) not in found:
                found.append((name, match))
    return found


def check_page(page: Any, walk: Walk, url: str, *, allowed: set[str]) -> None:
    """Open ``url`` at the page's current size and note every problem on it."""
    bad: list[str] = []

    def listen(response: Any) -> None:
        if response.status >= 400 and urlsplit(response.url).netloc == urlsplit(page.url or url).netloc:
            bad.append(f"{response.status} {urlsplit(response.url).path}")

    page.on("response", listen)
    try:
        response = page.goto(url)
        page.wait_for_load_state("load")
    finally:
        page.remove_listener("response", listen)
    walk.visited.append(url)
    if response is None:
        walk.add(url, "no response")
        return
    if response.status >= 400:
        walk.add(url, f"HTTP {response.status}")
    for item in bad:
        if not item.endswith(urlsplit(url).path) or response.status < 400:
            walk.add(url, "failed request", item)
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.evaluate("window.innerWidth")
    if width > viewport:
        culprit = page.evaluate(
            """(vw) => { const out = [];
              for (const el of document.querySelectorAll('body *')) {
                const r = el.getBoundingClientRect();
                if (r.right > vw + 1 && r.width > 0) {
                  out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                           (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '') +
                           ' ' + Math.round(r.right));
                  if (out.length > 4) break; } }
              return out.join(', '); }""",
            viewport,
        )
        walk.add(url, "scrolls sideways", f"{width}px > {viewport}px: {culprit}")
    for problem in page.evaluate(FORM_CHECK):
        walk.add(url, problem)
    text = page.locator("body").inner_text()
    # Text set in <code> (a file's column names, an API header) is meant to be read literally.
    literal = page.eval_on_selector_all("code, kbd, samp", "els => els.map(e => e.textContent)")
    allowed = allowed | {word for chunk in literal for word in re.findall(r"[\w.]+", chunk)}
    for name, match in raw_codes(text, allowed=allowed):
        walk.add(url, f"raw {name}", match)


def walk_as(
    page: Any,
    base_url: str,
    username: str,
    password: str,
    *,
    allowed: set[str] = frozenset(),  # type: ignore[assignment]
    screenshots: Path | None = None,
) -> Walk:
    """Sign in, screenshot the home page at 1366 and 390 px, then visit the menu and home links at 390 px."""
    walk = Walk(username)
    allowed = set(allowed) | {username}
    page.set_viewport_size(DESKTOP)
    login(page, username, password)
    if not page.url.rstrip("/").endswith(urlsplit(base_url).netloc) and "/accounts/login" in page.url:
        walk.add(page.url, "could not sign in")
        return walk
    if screenshots is not None:
        screenshots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(screenshots / f"{username}-home-1366.png"), full_page=True)
    page.set_viewport_size(PHONE)
    check_page(page, walk, "/", allowed=allowed)
    if screenshots is not None:
        page.screenshot(path=str(screenshots / f"{username}-home-390.png"), full_page=True)
    links = _same_site_links(page, ".mainnav a[href]", page.url)
    links += [u for u in _same_site_links(page, "main a[href]", page.url) if u not in links]
    for url in links:
        if url != "/":
            check_page(page, walk, url, allowed=allowed)
    return walk
