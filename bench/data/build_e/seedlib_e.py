"""Template format for the fifth labelled set (set E, duplicates only, all held-out). Fictional; written for Chumchon.

W(key, topic, bodies, wordings, n=(lo, hi), bud=(lo, hi), unit=None, phased=None)
  bodies   seven body codes, one per wording (BODY in ../build_common.py)
  wordings seven (title, detail) pairs, in set E's order of style (STYLES_E):
           0 formal tambon plan item (objective, target), 1 meeting minute (agenda item, resolution),
           2 budget line (ordinance / spending-plan entry), 3 KPI line (indicator and target),
           4 villagers' request in spoken Thai, 5 agency project title (an agency's own project name),
           6 CODI-style proposal title (a tambon council's or network's proposal to CODI / the tambon plan)
  slots    {m} moo  {b} village  {w} temple/school name  {t} {a} {p} tambon/district/province
           {n} count  {q} measure with its unit (see `unit`)  {bud} budget  {y} fiscal year (B.E.)
  unit     None, or "m" (metres) for {q}
  phased   None, "phase" when the work is commonly done in phases (pipes, lines, pits, households in turn) or
           "batch" when a course is run in batches (รุ่นที่ 1, 2): such a template can make the "same work, another
           phase" hard negative
The code is in make_datasets_e.py; set E has no strategy labels (it judges duplicate detection only).
"""

import build_common
from build_common import BODY, Tmpl

STYLES_E = ("formal", "minute", "budget_line", "kpi", "request", "project_title", "codi_proposal")

__all__ = ["BODY", "STYLES_E", "Tmpl", "W"]


def W(key, topic, bodies, wordings, n=(10, 200), bud=(20_000, 400_000), unit=None, phased=None):
    assert phased in (None, "phase", "batch"), key
    assert len(bodies) == 7 and len(wordings) == 7, key
    assert all(len(w) == 2 for w in wordings), key
    t = Tmpl(key, topic, {}, tuple(BODY[c] for c in bodies), tuple(wordings), [], n, bud)
    t.unit = unit
    t.phased = phased
    return t


_ = build_common
