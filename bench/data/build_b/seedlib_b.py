"""Template format for the second labelled set (set B). Fictional; written for Chumchon.
The code is in ../build_common.py (shared with sets A and C); the generator puts bench/data on sys.path.

W(key, topic, labels, bodies, wordings, g=groups, n=(lo, hi), bud=(lo, hi))
  labels   "ns.. mp.. m.. sdg.. b0|b1" (same codes as set A, see ../build_common.py)
  bodies   five body codes, one per wording (BODY in ../build_common.py)
  wordings five (title, detail) pairs, in this order of style:
           0 formal plan item (local development plan / One Plan line)
           1 colloquial meeting note (village forum, council or fund committee minutes)
           2 terse budget line (ข้อบัญญัติ / budget sheet entry)
           3 an agency's or network's line (KPI-style target, other body)
           4 a request or proposal written by the people who want the work (LINE message, letter)
  slots    {m} moo  {b} village  {w} temple/school name  {t} tambon  {a} amphoe  {p} province
           {n} count or measure  {bud} budget  {y} fiscal year  {g} target group
"""

from build_common import BODY, STYLES, Tmpl, W, parse_labels

__all__ = ["BODY", "STYLES", "Tmpl", "W", "parse_labels"]
