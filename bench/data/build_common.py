"""Code shared by the three labelled-set generators: build/make_datasets.py (set A), build_b/make_datasets_b.py
(set B) and build_c/make_datasets_c.py (set C), and by their template formats (build/seedlib.py,
build_b/seedlib_b.py, build_c/seedlib_c.py, which re-export from here).

Each generator keeps what is its own — random seed, counts, places, typo and abbreviation lists, sibling
pairs, split rule — and passes it in. Sets B and C share their whole filling (`FiveStyles`); set A keeps its
three-wording filling and shares the steps around it (`PairSet`, the helpers below).

The committed .jsonl files are the evaluation sets: every function here draws from the random generator in
exactly the order of the code it replaced, so re-running a generator still reproduces its files byte for
byte. Keep it so (compare the SHA-256 before and after any change; `check_datasets.py` checks the hashes)."""

import json
import re
from dataclasses import dataclass, field

# ---------------------------------------------------------------- template formats (the seeds_*.py files)

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
STYLES = ("formal", "meeting", "budget_line", "agency", "request")  # sets B and C, in wording order


def parse_labels(s):
    """ "ns.. mp.. m.. sdg.. b0|b1" -> {"ns": [...], "mp": [...], "nesdp": [...], "sdg": [...], "bcg": bool}."""
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


@dataclass
class Seed:
    """Set A template: three wordings."""

    key: str
    topic: str
    labels: dict
    bodies: tuple
    texts: tuple  # ((title, detail) formal, plain, short)
    g: list = field(default_factory=list)


def S(key, topic, labels, bodies, ft, fd, pt, pd, st, sd, g=None):
    """Set A template (see build/seedlib.py)."""
    assert len(bodies) == 3, key
    return Seed(
        key, topic, parse_labels(labels), tuple(BODY[c] for c in bodies), ((ft, fd), (pt, pd), (st, sd)), g or []
    )


@dataclass
class Tmpl:
    """Set B or set C template: five wordings in STYLES order (set C has no labels: `labels` is {})."""

    key: str
    topic: str
    labels: dict
    bodies: tuple
    texts: tuple
    g: list = field(default_factory=list)
    n: tuple = (10, 200)
    bud: tuple = (20_000, 400_000)


def W(key, topic, labels, bodies, wordings, g=None, n=(10, 200), bud=(20_000, 400_000)):
    """Set B template (see build_b/seedlib_b.py); set C's W passes labels=None."""
    assert len(bodies) == 5 and len(wordings) == 5, key
    assert all(len(w) == 2 for w in wordings), key
    parsed = parse_labels(labels) if labels is not None else {}
    return Tmpl(key, topic, parsed, tuple(BODY[c] for c in bodies), tuple(wordings), g or [], n, bud)


# ---------------------------------------------------------------- text helpers (all three sets)

THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
ARABIC_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def abbreviate(rng, title, detail, pairs, p):
    """Shorten each (long, short) pair with probability p (one draw per pair)."""
    for long, short in pairs:
        if rng.random() < p:
            title, detail = title.replace(long, short), detail.replace(long, short)
    return title, detail


def add_typo(rng, title, detail, typos, p=0.12):
    """With probability p, put the first (in a shuffled order) typo whose right spelling occurs."""
    if rng.random() < p:
        for right, wrong in rng.sample(typos, len(typos)):
            if right in title + detail:
                return title.replace(right, wrong, 1), detail.replace(right, wrong, 1)
    return title, detail


def thai_digits(rng, title, detail, often):
    """Write Thai digits: 20 % (then 5 %) of the time when `often`, else 5 %."""
    if (often and rng.random() < 0.2) or rng.random() < 0.05:
        title, detail = title.translate(THAI_DIGITS), detail.translate(THAI_DIGITS)
    return title, detail


def item(title, detail, body_kind):
    return {
        "title_th": re.sub(r"\s+", " ", title).strip(),
        "detail_th": re.sub(r"\s+", " ", detail).strip(),
        "body_kind": body_kind,
    }


def place_slots(s, v, keys="mbw"):
    """The place (or group) slots that wording v of template s writes out."""
    t = "".join(s.texts[v])
    return {k for k in keys if "{" + k + "}" in t}


def shows_moo(m, text):
    return re.search(rf"(ม\.|หมู่ที่ |หมู่ ){m}(?!\d)", text) is not None


# ---------------------------------------------------------------- splits, ids, output


def strategies_covered(group):
    """All 6 strategies and all 13 NESDP milestones are carried by the group's templates."""
    ns = {c for s in group for c in s.labels["ns"]}
    ms = {c for s in group for c in s.labels["nesdp"]}
    return len(ns) == 6 and len(ms) == 13


def draw_test_seeds(rng, seeds, n_test, covered, tries):
    """Draw n_test template indices for the held-out split until both splits pass `covered`."""
    for _ in range(tries):
        test = set(rng.sample(range(len(seeds)), n_test))
        tg = [seeds[i] for i in test]
        tr = [seeds[i] for i in range(len(seeds)) if i not in test]
        if covered(tg) and covered(tr):
            return test
    raise SystemExit("no split found")


def assign_ids(rng, train, test):
    """Shuffle both splits and number the records so that test iff id % 3 == 0."""
    rng.shuffle(train)
    rng.shuffle(test)
    total = len(train) + len(test)
    assert total % 3 == 0 and len(test) == total // 3, (len(train), len(test))
    out, it, ie = [], iter(train), iter(test)
    for i in range(1, total + 1):
        rec = next(ie) if i % 3 == 0 else next(it)
        out.append({"id": i, **rec, "split": "test" if i % 3 == 0 else "train"})
    return out


def write_jsonl(path, rows):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


# ---------------------------------------------------------------- items and pairs


class PairSet:
    """The item and pair building every set shares. A set supplies new_ctx, render, area_hint, dup_pair and
    hard_pair (each drawing from the rng it is given), its siblings and its number of wordings, and may narrow
    which templates make hard negatives (hard_ok) or how an item's context is drawn (item_ctx)."""

    n_styles = 3
    styles = None  # names of the wordings, written as each item's "style" when set
    siblings = frozenset()

    def item_ctx(self, rng, s):
        return self.new_ctx(rng, s)

    def hard_ok(self, s, sibs):
        return True

    def build_items(self, rng, seeds, test_idx):
        train, test = [], []
        for i, s in enumerate(seeds):
            for v in range(self.n_styles):
                ctx = self.item_ctx(rng, s)
                it = self.render(rng, s, v, ctx)
                rec = {**it, "area_hint": self.area_hint(rng, ctx), "labels": s.labels}
                if self.styles:
                    rec["style"] = self.styles[v]
                (test if i in test_idx else train).append(rec)
        return assign_ids(rng, train, test)

    def easy_pair(self, rng, s, pool):
        """Unrelated work (another topic) in the same tambon."""
        s2 = rng.choice([x for x in pool if x.topic != s.topic])
        ctx = self.new_ctx(rng, s)
        ctx2 = self.new_ctx(rng, s2, (ctx["t"], ctx["a"], ctx["p"]))
        return (
            ctx,
            self.render(rng, s, rng.randrange(self.n_styles), ctx),
            self.render(rng, s2, rng.randrange(self.n_styles), ctx2),
        )

    def build_pairs(self, rng, seeds, test_idx, plan):
        """plan: {"test": (n_dup, n_hard, n_easy), "train": (...)}; every pair within one split's templates."""
        groups = {
            "test": [seeds[i] for i in sorted(test_idx)],
            "train": [seeds[i] for i in range(len(seeds)) if i not in test_idx],
        }
        out = {}
        for split, group in groups.items():
            n_dup, n_hard, n_easy = plan[split]
            recs = []
            order = group[:]
            rng.shuffle(order)
            for k in range(n_dup):
                ctx, a, b = self.dup_pair(rng, order[k % len(order)])
                recs.append((ctx, a, b, True, "duplicate"))
            rng.shuffle(order)
            sibs = {s.key: [x for x in group if frozenset((s.key, x.key)) in self.siblings] for s in group}
            hard_ok = [s for s in order if self.hard_ok(s, sibs[s.key])]
            for k in range(n_hard):
                s = hard_ok[k % len(hard_ok)]
                ctx, a, b = self.hard_pair(rng, s, sibs[s.key])
                recs.append((ctx, a, b, False, "hard_negative"))
            rng.shuffle(order)
            for k in range(n_easy):
                ctx, a, b = self.easy_pair(rng, order[k % len(order)], group)
                recs.append((ctx, a, b, False, "easy_negative"))
            out[split] = []
            for ctx, a, b, dup, kind in recs:
                if rng.random() < 0.5:
                    a, b = b, a
                out[split].append(
                    {"area_hint": self.area_hint(rng, ctx), "a": a, "b": b, "duplicate": dup, "kind": kind}
                )
        return assign_ids(rng, out["train"], out["test"])


# ---------------------------------------------------------------- sets B and C: five styles of wording

BUDGET_PREFIX = ["", "", "", "งบ ", "ตั้งไว้ ", "ขอรับการสนับสนุน ", "(แผนงานเคหะและชุมชน) ", "ข้อบัญญัติปี {y2}: "]
MEETING_MONTHS = ["ม.ค.", "มี.ค.", "พ.ค.", "ก.ค.", "ส.ค.", "ต.ค.", "ธ.ค."]


class FiveStyles(PairSet):
    """Sets B and C: five wordings a template (formal, meeting note, budget line, agency line, request), slots
    {m} {b} {w} {t} {a} {p} {n} {bud} {y} {g}. The places, typos, abbreviations and siblings are the set's."""

    n_styles = 5

    def __init__(self, *, areas, villages, landmarks, typos, abbrev, siblings, styles=None):
        self.areas, self.villages, self.landmarks = areas, villages, landmarks
        self.typos, self.abbrev, self.siblings, self.styles = typos, abbrev, siblings, styles

    @staticmethod
    def money(rng, v):
        style = rng.random()
        if style < 0.35:
            return f"{v:,} บาท"
        if style < 0.47:
            return f"{v:,}.-"
        if style < 0.57:
            return f"{v:,} บ."
        if style < 0.67 and v >= 1_000_000:
            return f"{v / 1_000_000:.2f} ลบ.".replace(".00 ", " ")
        if style < 0.77 and v % 1_000 == 0:
            return f"{v // 1_000:,} พันบาท" if v < 100_000 else f"{v / 1_000_000:g} ล้านบาท"
        if style < 0.87:
            return f"{v} บาท"
        return f"{v:,} บาท (งบ อบต.)" if rng.random() < 0.5 else f"{v:,} บาท (สมทบ {rng.choice([10, 20, 30])}%)"

    def new_ctx(self, rng, seed, area=None):
        t, a, p = area or rng.choice(self.areas)
        lo, hi = seed.n
        n = rng.randint(lo, hi)
        if n > 100 and rng.random() < 0.7:
            n = round(n, -1) if n < 1000 else round(n, -2)
        blo, bhi = seed.bud
        bud = rng.randrange(blo, bhi)
        bud = round(bud, -4) if bud > 200_000 else round(bud, -3)
        return {
            "t": t,
            "a": a,
            "p": p,
            "m": rng.randint(1, 16),
            "b": rng.choice(self.villages),
            "w": rng.choice(self.landmarks),
            "n": n,
            "bud": bud,
            "y": rng.choice([2567, 2568, 2569, 2570]),
            "g": "",
            "loc": rng.random() < 0.35,
        }

    @staticmethod
    def fill(tmpl, ctx):
        vals = {
            "t": ctx["t"],
            "a": ctx["a"],
            "p": ctx["p"],
            "m": str(ctx["m"]),
            "b": ctx["b"],
            "w": ctx["w"],
            "n": f"{ctx['n']:,}" if ctx["n"] >= 1_000 else str(ctx["n"]),
            "bud": ctx["bud_text"],
            "y": str(ctx["y"]),
            "g": ctx["g"],
        }
        return tmpl.format(**vals)

    def render(self, rng, seed, variant, ctx):
        """variant: 0 formal, 1 meeting note, 2 budget line, 3 agency line, 4 request."""
        ctx = dict(ctx)
        ctx["bud_text"] = self.money(rng, ctx["bud"])
        title_t, detail_t = seed.texts[variant]
        title, detail = self.fill(title_t, ctx), self.fill(detail_t, ctx)
        if variant == 2:
            pre = rng.choice(BUDGET_PREFIX).format(y2=str(ctx["y"])[2:])
            if "{bud}" in detail_t and pre:
                detail = detail.replace(ctx["bud_text"], pre + ctx["bud_text"], 1)
            if rng.random() < 0.3:
                title = f"{rng.randint(1, 12)}.{rng.randint(1, 9)} " + title
        elif "{bud}" not in title_t + detail_t and rng.random() < 0.3:
            detail += {0: " งบประมาณ ", 1: " ประมาณการไว้ ", 3: " วงเงิน ", 4: " ขอ "}[variant] + ctx["bud_text"]
        if ctx.get("loc") and not re.search(r"\{[mbw]\}", title_t + detail_t):
            place = [
                f"หมู่ที่ {ctx['m']} บ้าน{ctx['b']}",
                f"ม.{ctx['m']}",
                f"ม.{ctx['m']} บ.{ctx['b']}",
                f"บ้าน{ctx['b']} หมู่ {ctx['m']}",
                f"บ้าน{ctx['b']}",
            ][variant]
            detail += {0: " (พื้นที่ดำเนินการ " + place + ")", 2: " " + place, 3: " พื้นที่ " + place}.get(variant, " ที่" + place)
        if variant == 0 and rng.random() < 0.25:
            detail += f" ปีงบประมาณ {ctx['y']}"
        if variant == 1 and rng.random() < 0.3:
            title += f" ({rng.randint(1, 28)} {rng.choice(MEETING_MONTHS)} {str(ctx['y'] - 1)[2:]})"
        if variant != 0:
            title, detail = abbreviate(rng, title, detail, [*self.abbrev, ("บ้าน" + ctx["b"], "บ." + ctx["b"])], 0.45)
        title, detail = add_typo(rng, title, detail, self.typos)
        title, detail = thai_digits(rng, title, detail, variant in (0, 2))
        return item(title, detail, seed.bodies[variant])

    @staticmethod
    def area_hint(rng, ctx):
        k = rng.random()
        if k < 0.5:
            return f"ต.{ctx['t']} อ.{ctx['a']} จ.{ctx['p']}"
        if k < 0.8:
            return f"ตำบล{ctx['t']} อำเภอ{ctx['a']} {ctx['p']}"
        return f"{ctx['t']} {ctx['a']} {ctx['p']}"

    def dup_pair(self, rng, s):
        """Two wordings of the same work at the same place by different kinds of body."""
        ctx = self.new_ctx(rng, s)
        pairs = [(i, j) for i in range(5) for j in range(5) if i != j and s.bodies[i] != s.bodies[j]]
        i, j = rng.choice(pairs)
        a = self.render(rng, s, i, ctx)
        ctx_b = dict(ctx)
        if rng.random() < 0.35:  # the other body works from another budget figure
            ctx_b["bud"] = int(round(ctx["bud"] * rng.choice([0.6, 0.75, 0.8, 0.9, 1.1, 1.2, 1.3, 1.5]), -3))
        if rng.random() < 0.5:
            ctx_b["loc"] = rng.random() < 0.35
        b = self.render(rng, s, j, ctx_b)
        return ctx, a, b

    def hard_pair(self, rng, s, siblings):
        """A sibling template at the same place, or the same template at another moo/village/temple."""
        ctx = self.new_ctx(rng, s)
        if siblings and rng.random() < 0.5:
            s2 = rng.choice(siblings)
            ctx2 = self.new_ctx(rng, s2, (ctx["t"], ctx["a"], ctx["p"]))
            ctx2.update(m=ctx["m"], b=ctx["b"], w=ctx["w"], y=ctx["y"], loc=ctx["loc"])
            return ctx, self.render(rng, s, rng.randrange(5), ctx), self.render(rng, s2, rng.randrange(5), ctx2)
        pairs = [(i, j) for i in range(5) for j in range(5)]
        rng.shuffle(pairs)
        if rng.random() < 0.75:  # mostly two wordings; sometimes one wording copied for another place
            pairs.sort(key=lambda p: p[0] == p[1])
        i, j = pairs[0]
        ctx_b = dict(ctx)
        ctx_b["m"] = rng.choice([m for m in range(1, 17) if m != ctx["m"]])
        ctx_b["b"] = rng.choice([v for v in self.villages if v != ctx["b"]])
        ctx_b["w"] = rng.choice([v for v in self.landmarks if v != ctx["w"]])
        if not (place_slots(s, i) and place_slots(s, j)):
            ctx["loc"] = ctx_b["loc"] = True  # the place must show in both texts
        if rng.random() < 0.5:  # another site usually has its own size and cost
            lo, hi = s.n
            ctx_b["n"] = rng.randint(lo, hi)
            ctx_b["bud"] = round(rng.randrange(*s.bud), -3)
        a, b = self.render(rng, s, i, ctx), self.render(rng, s, j, ctx_b)
        ta = (a["title_th"] + " " + a["detail_th"]).translate(ARABIC_DIGITS)
        tb = (b["title_th"] + " " + b["detail_th"]).translate(ARABIC_DIGITS)

        def shows(c, text):
            return c["b"] in text or c["w"] in text or shows_moo(c["m"], text)

        assert shows(ctx, ta) and shows(ctx_b, tb), (s.key, ta, tb)
        return ctx, a, b
