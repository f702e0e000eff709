"""Template format for the seventh labelled set (set G, duplicates only, all held-out). Fictional; written for Chumchon.

W(key, topic, bodies, wordings, n=(lo, hi), bud=(lo, hi), unit=None, phased=None, groups=None)
  bodies   eight body codes, one per wording (BODY in ../build_common.py)
  wordings eight (title, detail) pairs, in set G's order of style (STYLES_G, the same eight as set F):
           0 formal tambon / One Plan item (objective, target), 1 meeting minute (agenda item, resolution),
           2 budget line (an ordinance's or agency's one-line spending entry), 3 list entry (a short line of a
           village plan's or a meeting's list, "- ... ม.4"), 4 villagers' request in spoken Thai, 5 LINE message (a
           group chat's announcement or report), 6 table row (the cells of a plan's table, "| ม.4 | 30 ราย | ... |"),
           7 CODI-style proposal title (a tambon council's, network's or welfare fund's proposal)
  slots    {m} moo  {b} village  {w} temple  {t} {a} {p} tambon/district/province  {n} count  {q} measure (see
           `unit`)  {bud} budget  {y} fiscal year (B.E.)  {g} target group (see `groups`)
  unit     None, or "m" (metres) for {q}
  phased   None, "phase" when the work is commonly done in phases or rounds, "batch" when a course or service is
           run in batches (รุ่นที่ 1, 2): such a template can make the "same work, another phase" hard negative
  groups   None, or a list of target groups, each a tuple of ways of writing it ("ผู้สูงอายุ", "คนเฒ่าคนแก่"): every
           wording writes {g}, so such a template can make the "same work, another target group" hard negative
The code is in make_datasets_g.py; set G has no strategy labels (it judges duplicate detection only).
"""

import build_common
from build_common import BODY, Tmpl

STYLES_G = (
    "formal",
    "minute",
    "budget_line",
    "list_entry",
    "request",
    "line_message",
    "table_row",
    "codi_proposal",
)

__all__ = ["BODY", "STYLES_G", "Tmpl", "W"]


def W(key, topic, bodies, wordings, n=(10, 200), bud=(20_000, 400_000), unit=None, phased=None, groups=None):
    assert phased in (None, "phase", "batch"), key
    assert len(bodies) == 8 and len(wordings) == 8, key
    assert all(len(w) == 2 for w in wordings), key
    if groups:
        assert all("{g}" in t + d for t, d in wordings), key
    t = Tmpl(key, topic, {}, tuple(BODY[c] for c in bodies), tuple(wordings), [], n, bud)
    t.unit = unit
    t.phased = phased
    t.groups = groups
    return t


_ = build_common
