"""Dump the HTML of the pages issue 16 item 4 renders in full (home, area pages, project list) and count each
page's cost deterministically, so a change to how they are computed can be shown to leave them unchanged.

Usage (the data set's server-side sessions are written: use a copy of the national set):

    CHUMCHON_FRAGMENT_CACHE_SECONDS=0 CHUMCHON_DATA_DIR=<copy> .venv/bin/python bench/pages_html_dump.py OUT_DIR
    # main's code: PYTHONPATH=<main>/src .venv/bin/python <main>/bench/pages_html_dump.py OUT_DIR_BEFORE
    diff -r OUT_DIR_BEFORE OUT_DIR

Each page is fetched as four roles (regional staff, CDD provincial officer, national administrator, tambon
secretary) in Thai and English; CSRF tokens are blanked. With ``--calls`` it prints, for the benchmark's four
pages (``bench/pages.py`` targets), cProfile's function calls and the queries of one warm request: figures
that do not depend on the machine's load.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pages

PATHS = [
    "/",
    "/areas/24/",
    "/areas/2401/",
    "/areas/240101/",
    "/projects/",
    "/projects/?page=2",
    "/projects/?status=in_progress&fy=2568",
    "/projects/?todo=disburse",
    "/projects/?todo=sign",
    "/projects/?area=24",
    "/projects/?area=240101",
]
# ``--areas``: the area pages (issue 16 item 4, helper firstarea): nation, a region, a cluster, provinces,
# districts, tambons and a village in three provinces.
AREA_PATHS = [
    "/areas/",
    "/areas/region/R5/",
    "/areas/cluster/C08/",
    "/areas/24/",
    "/areas/2401/",
    "/areas/240101/",
    "/areas/240104/",
    "/areas/24010101/",
    "/areas/10/",
    "/areas/1001/",
    "/areas/100101/",
    "/areas/50/",
    "/areas/5001/",
    "/areas/500101/",
]
ROLES = ["codi_regional_staff", "cdd_provincial_officer", "national_admin", "tambon_council_secretary"]
# ``--todos``: the project list as the worklist links to it (helper todocpu), as every role whose worklist does,
# with the list's filters and pages on top of the heaviest (the money to pay out).
TODO_PATHS = [
    *(f"/projects/?todo={todo}" for todo in ("screen", "approve", "sign", "disburse", "report_overdue", "report_due")),
    "/projects/?todo=disburse&page=2",
    "/projects/?todo=disburse&page=300",
    "/projects/?todo=disburse&fy=2568",
    "/projects/?todo=disburse&status=in_progress",
    "/projects/?todo=disburse&status=approved",
    "/projects/?todo=disburse&area=24",
    "/projects/?todo=disburse&area=2401",
    "/projects/?todo=disburse&overdue=1",
    "/projects/?todo=disburse&q=%E0%B8%95%E0%B8%B3%E0%B8%9A%E0%B8%A5",
    "/projects/?todo=sign&area=24",
    "/projects/?todo=report_due&page=2",
]
TODO_ROLES = [
    *ROLES,
    "cluster_working_group",
    "provincial_working_group",
    "regional_subcommittee",
    "welfare_fund_committee",
    "cdd_district_officer",
]
CSRF = re.compile(r'csrfmiddlewaretoken" value="[^"]*"|X-CSRFToken": "[^"]*"|csrf[^"]*"[^"]*"')


def logbook_and_project_paths() -> list[str]:
    """``--logbook``: the Logbook (tambon, district, province; page 2, filtered, follow-ups due) and project
    pages (the benchmark's, one with sub-projects, one with progress reports, one with tranches) — helper
    logbook2."""
    from chumchon.projects.models import Project

    by_label = {t.label: t.path for t in pages.targets()}
    logbook = by_label["logbook (tambon)"]
    tambon = logbook.split("/")[3]
    paths = [logbook, logbook + "?page=2", logbook + "?status=in_progress", logbook + "?dimension=health"]
    paths += [logbook + "?follow_up=due", logbook.replace(tambon, tambon[:4]), logbook.replace(tambon, tambon[:2])]
    paths.append(by_label["project detail"])
    for qs in (
        Project.objects.filter(children__isnull=False),
        Project.objects.filter(progress_reports__isnull=False),
        Project.objects.filter(tranches__isnull=False),
        Project.objects.filter(co_funding__isnull=False),
    ):
        pk = qs.order_by("-pk").values_list("pk", flat=True).first()
        if pk is not None:
            paths.append(f"/projects/{pk}/")
    return paths


def poverty_paths() -> list[str]:
    """``--poverty``: the poverty index, area pages (province, district, tambon; the two oldest rounds too), the
    tambon's target list and Logbook, an unknown round and a province the roles may not see — helper povcpu."""
    from chumchon.poverty.models import SurveyRound

    by_label = {t.label: t.path for t in pages.targets()}
    labels = ("poverty: index", "poverty: province", "poverty: district", "poverty: tambon")
    paths = [by_label[label] for label in (*labels, "target list (tambon)", "logbook (tambon)")]
    paths += [by_label["poverty: district"] + "?round=nope", "/poverty/area/99/"]
    for code in SurveyRound.objects.order_by("year_be").values_list("code", flat=True)[:2]:
        paths += [by_label[label] + "?round=" + code for label in labels[1:]]
    return paths


def dump(out: Path, paths: list[str], roles: list[str] = ROLES) -> None:
    from django.conf import settings
    from django.test import Client

    from chumchon.accounts.models import RoleAssignment

    out.mkdir(parents=True, exist_ok=True)
    written = 0
    for role in roles:
        assignment = RoleAssignment.objects.filter(role=role).order_by("pk").first()
        if assignment is None:
            continue
        name, _, value = pages.session_cookie(assignment.user.username).partition("=")
        for lang in ("th", "en"):
            client = Client(HTTP_HOST="127.0.0.1")
            client.cookies[name] = value
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
            for path in paths:
                response = client.get(path)
                html = CSRF.sub("CSRF", response.content.decode())
                slug = re.sub(r"[^a-z0-9]+", "_", path)
                (out / f"{role}_{lang}_{slug}.html").write_text(f"{response.status_code}\n{html}")
                written += 1
    print(f"{written} pages written to {out}")


def calls() -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    for target in pages.targets():
        if not (target.label.startswith("home") or target.label in ("area: province", "area: tambon", "project list")):
            continue
        client = Client(HTTP_HOST="127.0.0.1")
        name, _, value = target.cookie.partition("=")
        client.cookies[name] = value
        for _ in range(3):
            client.get(target.path)
        profiler = cProfile.Profile()
        profiler.enable()
        client.get(target.path)
        profiler.disable()
        with CaptureQueriesContext(connection) as context:
            client.get(target.path)
        total = pstats.Stats(profiler).total_calls  # type: ignore[attr-defined]
        print(f"{target.label:16} function calls {total:8,}  queries {len(context.captured_queries)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", nargs="?", type=Path, help="directory for the HTML files")
    parser.add_argument("--areas", action="store_true", help="dump the area pages (AREA_PATHS) instead")
    parser.add_argument("--logbook", action="store_true", help="dump the Logbook and project pages instead")
    parser.add_argument("--poverty", action="store_true", help="dump the poverty pages (poverty_paths) instead")
    parser.add_argument("--todos", action="store_true", help="dump the worklist's project-list links instead")
    parser.add_argument("--calls", action="store_true", help="print function calls and queries per page")
    args = parser.parse_args()
    pages.setup_django()
    if args.out:
        paths = (
            logbook_and_project_paths()
            if args.logbook
            else poverty_paths()
            if args.poverty
            else AREA_PATHS
            if args.areas
            else PATHS
        )
        dump(args.out, TODO_PATHS if args.todos else paths, TODO_ROLES if args.todos else ROLES)
    if args.calls:
        calls()


if __name__ == "__main__":
    main()
