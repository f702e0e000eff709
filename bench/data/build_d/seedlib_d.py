"""Template format for the fourth labelled set (set D, duplicates only, all held-out). Fictional; written for Chumchon.

W(key, topic, bodies, wordings, n=(lo, hi), bud=(lo, hi), unit=None)
  bodies   six body codes, one per wording (BODY in ../build_common.py)
  wordings six (title, detail) pairs, in set D's order of style (STYLES_D):
           0 formal plan item, 1 meeting minute (agenda item and resolution), 2 budget line (ordinance /
           spending-plan entry), 3 KPI line (indicator and target), 4 villagers' request (petition, LINE
           message, forum note), 5 agency project title (an agency's own project name and activity)
  slots    {m} moo  {b} village  {w} temple/school name  {t} {a} {p} tambon/district/province
           {n} count  {q} measure with its unit, written differently per wording (see `unit`)
           {bud} budget  {y} fiscal year (B.E.)
  unit     None, or "m" (metres: "450 เมตร", "450 ม.", "0.45 กม."), "rai" ("12 ไร่", "12 ไร่ 0 งาน") for {q}
The code is in make_datasets_d.py; set D has no strategy labels (it judges duplicate detection only).
"""

import build_common
from build_common import BODY, Tmpl

STYLES_D = ("formal", "minute", "budget_line", "kpi", "request", "project_title")

__all__ = ["BODY", "STYLES_D", "Tmpl", "W"]


def W(key, topic, bodies, wordings, n=(10, 200), bud=(20_000, 400_000), unit=None):
    assert len(bodies) == 6 and len(wordings) == 6, key
    assert all(len(w) == 2 for w in wordings), key
    t = Tmpl(key, topic, {}, tuple(BODY[c] for c in bodies), tuple(wordings), [], n, bud)
    t.unit = unit
    return t


_ = build_common
