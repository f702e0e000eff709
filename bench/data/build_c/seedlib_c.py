"""Template format for the third labelled set (set C, duplicates only). Fictional; written for Chumchon.

W(key, topic, bodies, wordings, n=(lo, hi), bud=(lo, hi))
  bodies   five body codes, one per wording (BODY in ../build_common.py)
  wordings five (title, detail) pairs, in set B's order of style:
           0 formal plan item, 1 meeting note, 2 budget line, 3 agency/network line, 4 request by the people
  slots    {m} moo  {b} village  {w} temple/school name  {n} count or measure  {bud} budget  {y} fiscal year
The code is in ../build_common.py (shared with sets A and B); the generator puts bench/data on sys.path.
Set C has no strategy labels: it judges duplicate detection only (tags were met on set B).
"""

import build_common
from build_common import BODY, STYLES, Tmpl

__all__ = ["BODY", "STYLES", "Tmpl", "W"]


def W(key, topic, bodies, wordings, n=(10, 200), bud=(20_000, 400_000)):
    """Set B's template without labels (Tmpl.labels is {})."""
    return build_common.W(key, topic, None, bodies, wordings, n=n, bud=bud)
