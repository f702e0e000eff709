"""The provincial report of the largest demo province: time and peak memory to generate it (data read,
HTML, PDF, both stored), against the time to render the same report as HTML only (ratio).

    CHUMCHON_DATA_DIR=<a demo's data dir> .venv/bin/python bench/reports.py [--repeat 3]

Needs a generated demo in that data directory (`chumchon demo --no-serve`). Every report made here is
rolled back (its files are deleted), so the demo is left as it was.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
import tracemalloc

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chumchon.settings")
django.setup()

from django.db import transaction  # noqa: E402
from django.utils import timezone, translation  # noqa: E402

from chumchon.areas.models import Area  # noqa: E402
from chumchon.poverty.models import AreaPovertyResult  # noqa: E402
from chumchon.reports.models import ReportKind  # noqa: E402
from chumchon.reports.pdf import render_pdf  # noqa: E402
from chumchon.reports.sections import ReportContext  # noqa: E402
from chumchon.reports.services import build_document, render_html, report_generate_in_transaction  # noqa: E402


class Rollback(Exception):
    pass


def largest_province() -> Area:
    row = AreaPovertyResult.objects.filter(level="province").order_by("-survey_round__year_be", "-households").first()
    if row is None:
        raise SystemExit("no demo here: run `chumchon demo --no-serve` with this CHUMCHON_DATA_DIR first")
    return Area.objects.get(code=row.area_code)


def html_only(area: Area) -> float:
    start = time.perf_counter()
    with translation.override("th"):
        ctx = ReportContext(ReportKind.PROVINCIAL, area, None, False, None, timezone.localdate())
        render_html(build_document(ctx))
    return time.perf_counter() - start


def pdf_only(area: Area) -> tuple[float, int]:
    with translation.override("th"):
        doc = build_document(ReportContext(ReportKind.PROVINCIAL, area, None, False, None, timezone.localdate()))
        start = time.perf_counter()
        _, pages = render_pdf(doc)
    return time.perf_counter() - start, pages


def generate(area: Area) -> tuple[float, int]:
    start = time.perf_counter()
    pages = 0
    try:
        with transaction.atomic():
            report = report_generate_in_transaction(kind=ReportKind.PROVINCIAL, area=area, actor=None)
            pages = report.pages
            elapsed = time.perf_counter() - start
            report.pdf.delete(save=False)
            report.html.delete(save=False)
            raise Rollback
    except Rollback:
        pass
    return elapsed, pages


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    area = largest_province()
    html_only(area)  # warm: templates, translations, the poverty tables
    generate(area)
    html_times = [html_only(area) for _ in range(args.repeat)]
    full = [generate(area) for _ in range(args.repeat)]
    pdf_times = [pdf_only(area)[0] for _ in range(args.repeat)]
    tracemalloc.start()
    generate(area)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    h, f, p = statistics.median(html_times), statistics.median(t for t, _ in full), statistics.median(pdf_times)
    print(f"province {area.code} {area.name_th}: {full[0][1]} pages")
    print(f"HTML only (read the data + render the HTML): {h * 1000:.0f} ms (baseline)")
    print(f"drawing the PDF from the same document:       {p * 1000:.0f} ms")
    print(f"generate and store (data + HTML + PDF):       {f * 1000:.0f} ms = {f / h:.2f}x the HTML")
    print(f"peak Python memory while generating:          {peak / 2**20:.1f} MiB (tracemalloc)")


if __name__ == "__main__":
    main()
