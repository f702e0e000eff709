"""Template format for the third labelled set (set C, duplicates only). Fictional; written for Chumchon.

W(key, topic, bodies, wordings, n=(lo, hi), bud=(lo, hi))
  bodies   five body codes, one per wording (BODY below)
  wordings five (title, detail) pairs, in set B's order of style:
           0 formal plan item, 1 meeting note, 2 budget line, 3 agency/network line, 4 request by the people
  slots    {m} moo  {b} village  {w} temple/school name  {n} count or measure  {bud} budget  {y} fiscal year
Set C has no strategy labels: it judges duplicate detection only (tags were met on set B).
"""

from dataclasses import dataclass

BODY = {
    "L": "local_government",
    "A": "agency",
    "C": "cdd",
    "T": "tambon_council",
    "V": "village",
    "W": "welfare_fund",
    "K": "integrated_tambon_committee",
    "N": "community_network",
}
STYLES = ("formal", "meeting", "budget_line", "agency", "request")


@dataclass
class Tmpl:
    key: str
    topic: str
    bodies: tuple
    texts: tuple
    n: tuple = (10, 200)
    bud: tuple = (20_000, 400_000)


def W(key, topic, bodies, wordings, n=(10, 200), bud=(20_000, 400_000)):
    assert len(bodies) == 5 and len(wordings) == 5, key
    assert all(len(w) == 2 for w in wordings), key
    return Tmpl(key, topic, tuple(BODY[c] for c in bodies), tuple(wordings), n, bud)
