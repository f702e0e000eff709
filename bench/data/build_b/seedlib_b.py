"""Template format for the second labelled set (set B). Fictional; written for Chumchon.

W(key, topic, labels, bodies, wordings, g=groups, n=(lo, hi), bud=(lo, hi))
  labels   "ns.. mp.. m.. sdg.. b0|b1" (same codes as set A, see ../build/seedlib.py)
  bodies   five body codes, one per wording (BODY below)
  wordings five (title, detail) pairs, in this order of style:
           0 formal plan item (local development plan / One Plan line)
           1 colloquial meeting note (village forum, council or fund committee minutes)
           2 terse budget line (ข้อบัญญัติ / budget sheet entry)
           3 an agency's or network's line (KPI-style target, other body)
           4 a request or proposal written by the people who want the work (LINE message, letter)
  slots    {m} moo  {b} village  {w} temple/school name  {t} tambon  {a} amphoe  {p} province
           {n} count or measure  {bud} budget  {y} fiscal year  {g} target group
"""

from dataclasses import dataclass, field

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
    labels: dict
    bodies: tuple
    texts: tuple
    g: list = field(default_factory=list)
    n: tuple = (10, 200)
    bud: tuple = (20_000, 400_000)


def parse_labels(s):
    out = {"ns": [], "mp": [], "nesdp": [], "sdg": [], "bcg": False}
    for part in s.split():
        if part.startswith("ns"):
            out["ns"] = [f"NS{int(x)}" for x in part[2:].split(",")]
        elif part.startswith("mp"):
            out["mp"] = [f"MP{int(x):02d}" for x in part[2:].split(",")]
        elif part.startswith("sdg"):
            out["sdg"] = [f"SDG{int(x):02d}" for x in part[3:].split(",")]
        elif part.startswith("m"):
            out["nesdp"] = [f"M{int(x):02d}" for x in part[1:].split(",")]
        elif part in ("b0", "b1"):
            out["bcg"] = part == "b1"
        else:
            raise ValueError(part)
    return out


def W(key, topic, labels, bodies, wordings, g=None, n=(10, 200), bud=(20_000, 400_000)):
    assert len(bodies) == 5 and len(wordings) == 5, key
    assert all(len(w) == 2 for w in wordings), key
    return Tmpl(key, topic, parse_labels(labels), tuple(BODY[c] for c in bodies), tuple(wordings), g or [], n, bud)
