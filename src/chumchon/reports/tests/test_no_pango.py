"""The PDF path needs nothing but the project's own pip install: generating every kind of report in a
fresh process never loads Pango (nor any system font library)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SCRIPT = r"""
import json, os, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0, run_syncdb=True)
from decimal import Decimal
from chumchon.areas.models import Area, AreaLevel
from chumchon.budgets.models import Programme
from chumchon.organizations.models import Body, BodyKind
from chumchon.projects.models import BudgetLine, Project, ProjectStatus
from chumchon.reports.models import ReportKind
from chumchon.reports.services import report_generate
province = Area.objects.create(code="24", name_th="ฉะเชิงเทรา", name_en="Chachoengsao", level=AreaLevel.PROVINCE)
tambon = Area.objects.create(code="240104", name_th="คลองนา", name_en="Khlong Na", level=AreaLevel.SUBDISTRICT)
body = Body.objects.create(kind=BodyKind.TAMBON_COMMUNITY_COUNCIL, name_th="สภาองค์กรชุมชนตำบลคลองนา", scope_kind="area", area=tambon)
programme = Programme.objects.create(code="P1", fiscal_year=2570, name_th="น้ำท่วม ผู้สูงอายุ กองทุนสวัสดิการชุมชน")
project = Project.objects.create(programme=programme, area=tambon, proposer=body, title_th="ซ่อมบ้านผู้สูงอายุ",
    status=ProjectStatus.APPROVED, requested_amount=Decimal("125000.50"), approved_amount=Decimal("120000"))
BudgetLine.objects.create(project=project, item="วัสดุก่อสร้าง", amount=Decimal("120000"))
made = []
for kind in (ReportKind.PROVINCIAL, ReportKind.AREA_KPI):
    made.append(report_generate(kind=kind, area=province, actor=None).pages)
for kind in (ReportKind.PROJECT, ReportKind.PROPOSAL, ReportKind.AGREEMENT):
    made.append(report_generate(kind=kind, area=tambon, project=project, actor=None).pages)
maps = open("/proc/self/maps").read()
libs = sorted({line.split()[-1] for line in maps.splitlines() if ".so" in line.split()[-1]})
print(json.dumps({"pages": made, "libs": libs}))
"""


def test_reports_generate_without_pango(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CHUMCHON_DATABASE", "CHUMCHON_TEST"))}
    env.update(
        CHUMCHON_DATA_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="chumchon.settings",
        CHUMCHON_TASK_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
    )
    proc = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert len(out["pages"]) == 5 and all(p >= 1 for p in out["pages"])
    loaded = " ".join(out["libs"])
    for lib in ("libpango", "libcairo", "libfontconfig", "libgobject"):
        assert lib not in loaded, f"{lib} was loaded: {loaded}"
