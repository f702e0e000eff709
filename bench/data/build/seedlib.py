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


@dataclass
class Seed:
    key: str
    topic: str
    labels: dict
    bodies: tuple
    texts: tuple  # ((title, detail) formal, plain, short)
    g: list = field(default_factory=list)


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


def S(key, topic, labels, bodies, ft, fd, pt, pd, st, sd, g=None):
    assert len(bodies) == 3, key
    return Seed(
        key, topic, parse_labels(labels), tuple(BODY[c] for c in bodies), ((ft, fd), (pt, pd), (st, sd)), g or []
    )
