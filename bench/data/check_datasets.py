"""Validate the labelled evaluation sets against the strategy catalogues and the hashes in README.md.

    python bench/data/check_datasets.py            # both sets
    python bench/data/check_datasets.py --set g    # one set (a, b, c, d, e, f or g)

Set A: plan_items_tagged.jsonl / plan_items_duplicates.jsonl (first set, 2026-12-06 morning).
Set B: plan_items_tagged_b.jsonl / plan_items_duplicates_b.jsonl (second, fresh set written with new
templates and five styles of wording, build_b/). Set B also asserts each item's `style`, each of the five
styles in both splits, and that no held-out item's wording (digits removed) equals a training item's.
Set C: plan_items_duplicates_c.jsonl only (third, fresh duplicate set, build_c/; >= 120 duplicates, no
held-out pair text equal to a training one with digits removed, every pair kind in both splits).
Set D: plan_items_duplicates_d.jsonl only (fourth, fresh duplicate set, build_d/; ALL pairs held-out, so the
id % 3 rule does not apply; >= 120 duplicates, six styles, three kinds of hard negative, no text worded like
any text of sets A-C).
Set E: plan_items_duplicates_e.jsonl only (fifth, fresh duplicate set, build_e/; ALL pairs held-out; >= 120
duplicates, >= 100 hard negatives, seven styles, four kinds of hard negative, no text worded like any text of sets
A-D, and template_keys_e.json naming a template of set E for both items of every pair, none of them a template
of sets A-D).
Set F: plan_items_duplicates_f.jsonl only (sixth, fresh duplicate set, build_f/; ALL pairs held-out; >= 120
duplicates, >= 70 of them sharing no figure, >= 100 hard negatives, eight styles, five kinds of hard negative, no
text worded like any text of sets A-E, and template_keys_f.json naming a template of set F for both items of every
pair: at least 30 templates, none of them a template of sets A-E).
Set G: plan_items_duplicates_g.jsonl only (seventh, fresh duplicate set, build_g/; ALL pairs held-out; >= 120
duplicates, >= 70 of them sharing no figure (a B.E. year and its short form counted as one figure), >= 40 of them
paraphrases (sharing at most one content word, build_g/make_datasets_g.py's `shared_words`, PyThaiNLP), >= 100 hard
negatives, set F's eight styles and five kinds of hard negative, no text worded like any text of sets A-F, and
template_keys_g.json naming a template of set G for both items of every pair: at least 30 templates, none of them a
template of sets A-F).

Asserts: every line parses; ids are unique integers; required fields are present; every label code
exists in bench/data/strategies/*.json; 1-3 labels per scheme; the split rule (test iff id % 3 == 0)
holds and test is exactly one third; counts (>= 330 items, >= 300 pairs, 35-45 % duplicates); all
6 strategies and 13 NESDP milestones are covered in both splits; the SHA-256 of each .jsonl matches the
one recorded in README.md (so a changed evaluation set is noticed). Prints counts and hashes."""

import collections
import hashlib
import json
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
CAT = HERE / "strategies"
BODY_KINDS = {
    "local_government",
    "agency",
    "cdd",
    "tambon_council",
    "village",
    "welfare_fund",
    "integrated_tambon_committee",
    "community_network",
}


def codes(fname):
    return {e["code"] for e in json.loads((CAT / fname).read_text(encoding="utf-8"))["entries"]}


def load(name):
    rows = []
    with open(HERE / name, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as e:
                raise AssertionError(f"{name}:{n}: {e}") from e
    return rows


def check_split(name, rows):
    ids = [r["id"] for r in rows]
    assert all(isinstance(i, int) and not isinstance(i, bool) for i in ids), f"{name}: ids must be integers"
    assert len(ids) == len(set(ids)), f"{name}: duplicate ids"
    for r in rows:
        want = "test" if r["id"] % 3 == 0 else "train"
        assert r["split"] == want, f"{name} id {r['id']}: split {r['split']} != {want}"
    n_test = sum(r["split"] == "test" for r in rows)
    assert n_test * 3 == len(rows), f"{name}: test is {n_test} of {len(rows)}, not exactly one third"
    return n_test


def check_text(where, d):
    for k in ("title_th", "detail_th", "body_kind"):
        assert isinstance(d.get(k), str) and d[k].strip(), f"{where}: empty {k}"
    assert d["body_kind"] in BODY_KINDS, f"{where}: body_kind {d['body_kind']}"
    assert "{" not in d["title_th"] + d["detail_th"], f"{where}: unfilled template slot"


SETS = {
    "a": {"items": "plan_items_tagged.jsonl", "pairs": "plan_items_duplicates.jsonl", "min_items": 330},
    "b": {"items": "plan_items_tagged_b.jsonl", "pairs": "plan_items_duplicates_b.jsonl", "min_items": 300},
    "c": {"items": None, "pairs": "plan_items_duplicates_c.jsonl", "min_items": 0},
    "d": {"items": None, "pairs": "plan_items_duplicates_d.jsonl", "min_items": 0, "all_test": True},
    "e": {"items": None, "pairs": "plan_items_duplicates_e.jsonl", "min_items": 0, "all_test": True},
    "f": {"items": None, "pairs": "plan_items_duplicates_f.jsonl", "min_items": 0, "all_test": True},
    "g": {"items": None, "pairs": "plan_items_duplicates_g.jsonl", "min_items": 0, "all_test": True},
}
STYLES_D = {"formal", "minute", "budget_line", "kpi", "request", "project_title"}
HARD_D = {"related_work_same_place", "same_work_other_place", "same_work_other_year"}
STYLES = {"formal", "meeting", "budget_line", "agency", "request"}
STYLES_E = STYLES_D | {"codi_proposal"}
HARD_E = HARD_D | {"same_work_other_phase"}
STYLES_F = {"formal", "minute", "budget_line", "list_entry", "request", "line_message", "table_row", "codi_proposal"}
HARD_F = HARD_E | {"same_work_other_group"}
FIGURE = re.compile(r"\d[\d,]*(?:\.\d+)?")
ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def skeleton(r):
    return re.sub(r"[0-9๐-๙,.]+", "#", r["title_th"] + " | " + r["detail_th"])


def check_pair_leak(pairs):
    train_sk = {skeleton(p[s]) for p in pairs if p["split"] == "train" for s in ("a", "b")}
    leak = [p["id"] for p in pairs if p["split"] == "test" and {skeleton(p["a"]), skeleton(p["b"])} & train_sk]
    assert not leak, f"held-out pairs worded like training pairs: {leak[:10]}"


def check_set_c_extras(pairs):
    assert sum(p["duplicate"] for p in pairs) >= 120, "set C needs at least 120 duplicate pairs"
    kinds = {(p["split"], p["kind"]) for p in pairs}
    for split in ("train", "test"):
        for kind in ("duplicate", "hard_negative", "easy_negative"):
            assert (split, kind) in kinds, f"no {split} pair of kind {kind}"
    check_pair_leak(pairs)


def check_set_d_extras(pairs):
    """Set D: every pair held-out, >= 120 duplicates, all six styles, the three kinds of hard negative, and no
    text worded like any text of sets A, B or C (new templates)."""
    assert all(p["split"] == "test" for p in pairs), "set D is held-out only"
    assert sum(p["duplicate"] for p in pairs) >= 120, "set D needs at least 120 duplicate pairs"
    styles = collections.Counter(p[s]["style"] for p in pairs for s in ("a", "b"))
    assert set(styles) == STYLES_D, sorted(styles)
    hard = collections.Counter(p.get("hard") for p in pairs if p["kind"] == "hard_negative")
    assert set(hard) == HARD_D, sorted(map(str, hard))
    assert {p["kind"] for p in pairs} == {"duplicate", "hard_negative", "easy_negative"}
    earlier = set()
    for name in ("plan_items_tagged.jsonl", "plan_items_tagged_b.jsonl"):
        earlier |= {skeleton(r) for r in load(name)}
    for name in ("plan_items_duplicates.jsonl", "plan_items_duplicates_b.jsonl", "plan_items_duplicates_c.jsonl"):
        earlier |= {skeleton(p[s]) for p in load(name) for s in ("a", "b")}
    same = [p["id"] for p in pairs if {skeleton(p["a"]), skeleton(p["b"])} & earlier]
    assert not same, f"set D pairs worded like sets A-C: {same[:10]}"
    print("  styles: " + ", ".join(f"{st} {styles[st]}" for st in sorted(STYLES_D)))
    print("  hard negatives: " + ", ".join(f"{k} {hard[k]}" for k in sorted(HARD_D)))


def earlier_templates():
    """The template keys of sets A-D (A-C from template_keys_abc.json, D from its seeds)."""
    keys = {
        k
        for ks in json.loads((HERE / "template_keys_abc.json").read_text(encoding="utf-8")).values()
        for pair in ks.values()
        for k in pair
    }
    sys.path[:0] = [str(HERE / "build_d"), str(HERE)]
    import seeds_k
    import seeds_l

    return keys | {s.key for s in seeds_k.SEEDS + seeds_l.SEEDS}


def check_set_e_extras(pairs):
    """Set E: every pair held-out, >= 120 duplicates and >= 100 hard negatives, all seven styles, the four kinds of
    hard negative, no text worded like any text of sets A-D, and its template keys (template_keys_e.json): both
    items of a duplicate or a same-work hard negative from one template, of a related-work or easy pair from two,
    every key a set-E template and none a template of sets A-D."""
    assert all(p["split"] == "test" for p in pairs), "set E is held-out only"
    assert sum(p["duplicate"] for p in pairs) >= 120, "set E needs at least 120 duplicate pairs"
    assert sum(p["kind"] == "hard_negative" for p in pairs) >= 100, "set E needs at least 100 hard negatives"
    styles = collections.Counter(p[s]["style"] for p in pairs for s in ("a", "b"))
    assert set(styles) == STYLES_E, sorted(styles)
    hard = collections.Counter(p.get("hard") for p in pairs if p["kind"] == "hard_negative")
    assert set(hard) == HARD_E, sorted(map(str, hard))
    assert {p["kind"] for p in pairs} == {"duplicate", "hard_negative", "easy_negative"}
    earlier = set()
    for name in ("plan_items_tagged.jsonl", "plan_items_tagged_b.jsonl"):
        earlier |= {skeleton(r) for r in load(name)}
    for name in (
        "plan_items_duplicates.jsonl",
        "plan_items_duplicates_b.jsonl",
        "plan_items_duplicates_c.jsonl",
        "plan_items_duplicates_d.jsonl",
    ):
        earlier |= {skeleton(p[s]) for p in load(name) for s in ("a", "b")}
    same = [p["id"] for p in pairs if {skeleton(p["a"]), skeleton(p["b"])} & earlier]
    assert not same, f"set E pairs worded like sets A-D: {same[:10]}"
    keys = json.loads((HERE / "template_keys_e.json").read_text(encoding="utf-8"))["e"]
    assert set(keys) == {str(p["id"]) for p in pairs}, "template_keys_e.json does not cover set E's pairs"
    sys.path[:0] = [str(HERE / "build_e"), str(HERE)]
    import seeds_m
    import seeds_n

    own = {s.key for s in seeds_m.SEEDS + seeds_n.SEEDS}
    used = {k for pair in keys.values() for k in pair}
    assert used == own, sorted(used ^ own)
    assert not own & earlier_templates(), sorted(own & earlier_templates())
    for p in pairs:
        ka, kb = keys[str(p["id"])]
        one = p["duplicate"] or p.get("hard", "").startswith("same_work")
        assert (ka == kb) == one, f"pair {p['id']}: templates {ka}, {kb} for a {p['kind']} {p.get('hard', '')}"
    print("  styles: " + ", ".join(f"{st} {styles[st]}" for st in sorted(STYLES_E)))
    print("  hard negatives: " + ", ".join(f"{k} {hard[k]}" for k in sorted(HARD_E)))
    print(f"  templates: {len(own)} (none in sets A-D); template_keys_e.json covers all {len(keys)} pairs")


def figures(it):
    """The numbers a text writes (Thai digits read as Arabic, thousands commas dropped)."""
    text = (it["title_th"] + " " + it["detail_th"]).translate(ARABIC)
    return {f.replace(",", "") for f in FIGURE.findall(text)}


def earlier_texts(names):
    """Skeletons of every text of the named earlier files (tagged items or pairs)."""
    out = set()
    for name in names:
        rows = load(name)
        out |= {skeleton(r) for r in rows} if "tagged" in name else {skeleton(p[s]) for p in rows for s in ("a", "b")}
    return out


def check_set_f_extras(pairs):
    """Set F: every pair held-out, >= 120 duplicates (>= 70 of them sharing no figure) and >= 100 hard negatives, all
    eight styles, the five kinds of hard negative, no text worded like any text of sets A-E, and its template keys
    (template_keys_f.json): both items of a duplicate or a same-work hard negative from one template, of a
    related-work or easy pair from two; at least 30 set-F templates, every key one of them and none of sets A-E."""
    assert all(p["split"] == "test" for p in pairs), "set F is held-out only"
    dups = [p for p in pairs if p["duplicate"]]
    assert len(dups) >= 120, "set F needs at least 120 duplicate pairs"
    no_fig = sum(not (figures(p["a"]) & figures(p["b"])) for p in dups)
    assert no_fig >= 70, f"set F needs at least 70 duplicates sharing no figure, has {no_fig}"
    assert sum(p["kind"] == "hard_negative" for p in pairs) >= 100, "set F needs at least 100 hard negatives"
    styles = collections.Counter(p[s]["style"] for p in pairs for s in ("a", "b"))
    assert set(styles) == STYLES_F, sorted(styles)
    hard = collections.Counter(p.get("hard") for p in pairs if p["kind"] == "hard_negative")
    assert set(hard) == HARD_F, sorted(map(str, hard))
    assert {p["kind"] for p in pairs} == {"duplicate", "hard_negative", "easy_negative"}
    earlier = earlier_texts(
        [
            "plan_items_tagged.jsonl",
            "plan_items_tagged_b.jsonl",
            "plan_items_duplicates.jsonl",
            "plan_items_duplicates_b.jsonl",
            "plan_items_duplicates_c.jsonl",
            "plan_items_duplicates_d.jsonl",
            "plan_items_duplicates_e.jsonl",
        ]
    )
    same = [p["id"] for p in pairs if {skeleton(p["a"]), skeleton(p["b"])} & earlier]
    assert not same, f"set F pairs worded like sets A-E: {same[:10]}"
    keys = json.loads((HERE / "template_keys_f.json").read_text(encoding="utf-8"))["f"]
    assert set(keys) == {str(p["id"]) for p in pairs}, "template_keys_f.json does not cover set F's pairs"
    sys.path[:0] = [str(HERE / "build_f"), str(HERE / "build_e"), str(HERE)]
    import seeds_m
    import seeds_n
    import seeds_o
    import seeds_p

    own = {s.key for s in seeds_o.SEEDS + seeds_p.SEEDS}
    assert len(own) >= 30, f"set F has {len(own)} templates, not at least 30"
    used = {k for pair in keys.values() for k in pair}
    assert used == own, sorted(used ^ own)
    before = earlier_templates() | {s.key for s in seeds_m.SEEDS + seeds_n.SEEDS}
    assert not own & before, sorted(own & before)
    for p in pairs:
        ka, kb = keys[str(p["id"])]
        one = p["duplicate"] or p.get("hard", "").startswith("same_work")
        assert (ka == kb) == one, f"pair {p['id']}: templates {ka}, {kb} for a {p['kind']} {p.get('hard', '')}"
    print(f"  duplicates sharing no figure: {no_fig} of {len(dups)}")
    print("  styles: " + ", ".join(f"{st} {styles[st]}" for st in sorted(STYLES_F)))
    print("  hard negatives: " + ", ".join(f"{k} {hard[k]}" for k in sorted(HARD_F)))
    print(f"  templates: {len(own)} (none in sets A-E); template_keys_f.json covers all {len(keys)} pairs")


def check_set_g_extras(pairs):
    """Set G: every pair held-out, >= 120 duplicates (>= 70 sharing no figure, a B.E. year and its short form read
    as one; >= 40 paraphrases sharing at most one content word) and >= 100 hard negatives, set F's eight styles and
    five kinds of hard negative, no text worded like any text of sets A-F, and its template keys
    (template_keys_g.json) as for set F: at least 30 set-G templates, every key one of them and none of sets A-F."""
    assert all(p["split"] == "test" for p in pairs), "set G is held-out only"
    dups = [p for p in pairs if p["duplicate"]]
    assert len(dups) >= 120, "set G needs at least 120 duplicate pairs"
    sys.path[:0] = [str(HERE / "build_g"), str(HERE / "build_f"), str(HERE / "build_e"), str(HERE)]
    import make_datasets_g
    import seeds_m
    import seeds_n
    import seeds_o
    import seeds_p
    import seeds_q
    import seeds_r

    no_fig = sum(not (make_datasets_g.figures(p["a"]) & make_datasets_g.figures(p["b"])) for p in dups)
    assert no_fig >= 70, f"set G needs at least 70 duplicates sharing no figure, has {no_fig}"
    para = sum(make_datasets_g.is_paraphrase(p) for p in dups)
    assert para >= 40, f"set G needs at least 40 paraphrase duplicates, has {para}"
    assert sum(p["kind"] == "hard_negative" for p in pairs) >= 100, "set G needs at least 100 hard negatives"
    styles = collections.Counter(p[s]["style"] for p in pairs for s in ("a", "b"))
    assert set(styles) == STYLES_F, sorted(styles)
    hard = collections.Counter(p.get("hard") for p in pairs if p["kind"] == "hard_negative")
    assert set(hard) == HARD_F, sorted(map(str, hard))
    assert {p["kind"] for p in pairs} == {"duplicate", "hard_negative", "easy_negative"}
    earlier = earlier_texts(
        [
            "plan_items_tagged.jsonl",
            "plan_items_tagged_b.jsonl",
            "plan_items_duplicates.jsonl",
            "plan_items_duplicates_b.jsonl",
            "plan_items_duplicates_c.jsonl",
            "plan_items_duplicates_d.jsonl",
            "plan_items_duplicates_e.jsonl",
            "plan_items_duplicates_f.jsonl",
        ]
    )
    same = [p["id"] for p in pairs if {skeleton(p["a"]), skeleton(p["b"])} & earlier]
    assert not same, f"set G pairs worded like sets A-F: {same[:10]}"
    keys = json.loads((HERE / "template_keys_g.json").read_text(encoding="utf-8"))["g"]
    assert set(keys) == {str(p["id"]) for p in pairs}, "template_keys_g.json does not cover set G's pairs"
    own = {s.key for s in seeds_q.SEEDS + seeds_r.SEEDS}
    assert len(own) >= 30, f"set G has {len(own)} templates, not at least 30"
    used = {k for pair in keys.values() for k in pair}
    assert used == own, sorted(used ^ own)
    before = earlier_templates() | {s.key for s in seeds_m.SEEDS + seeds_n.SEEDS + seeds_o.SEEDS + seeds_p.SEEDS}
    assert not own & before, sorted(own & before)
    for p in pairs:
        ka, kb = keys[str(p["id"])]
        one = p["duplicate"] or p.get("hard", "").startswith("same_work")
        assert (ka == kb) == one, f"pair {p['id']}: templates {ka}, {kb} for a {p['kind']} {p.get('hard', '')}"
    print(f"  duplicates sharing no figure: {no_fig} of {len(dups)}; paraphrases (<= 1 content word shared): {para}")
    print("  styles: " + ", ".join(f"{st} {styles[st]}" for st in sorted(STYLES_F)))
    print("  hard negatives: " + ", ".join(f"{k} {hard[k]}" for k in sorted(HARD_F)))
    print(f"  templates: {len(own)} (none in sets A-F); template_keys_g.json covers all {len(keys)} pairs")


def check_set_b_extras(items, pairs):
    styles = collections.Counter()
    for r in items:
        assert r.get("style") in STYLES, f"item {r['id']}: style {r.get('style')}"
        styles[(r["split"], r["style"])] += 1
    for split in ("train", "test"):
        for st in STYLES:
            assert styles[(split, st)] > 0, f"no {split} item in style {st}"
    train_sk = {skeleton(r) for r in items if r["split"] == "train"}
    leak = [r["id"] for r in items if r["split"] == "test" and skeleton(r) in train_sk]
    assert not leak, f"held-out items worded like training items: {leak[:10]}"
    train_sk = {skeleton(p[s]) for p in pairs if p["split"] == "train" for s in ("a", "b")}
    leak = [p["id"] for p in pairs if p["split"] == "test" and {skeleton(p["a"]), skeleton(p["b"])} & train_sk]
    assert not leak, f"held-out pairs worded like training pairs: {leak[:10]}"
    print("  styles: " + ", ".join(f"{st} {styles[('train', st)]}/{styles[('test', st)]}" for st in sorted(STYLES)))


def main():
    only = sys.argv[sys.argv.index("--set") + 1].lower() if "--set" in sys.argv else None
    ok = True
    for name, spec in SETS.items():
        if only and name != only:
            continue
        print(f"set {name.upper()}")
        ok = check_set(name, spec) and ok
    if not ok and "--no-hash" not in sys.argv:
        raise SystemExit("evaluation set changed: hashes differ from README.md")
    print("all checks passed")


def check_set(set_name, spec):
    known = {
        "ns": codes("national_strategy.json"),
        "mp": codes("master_plans.json"),
        "nesdp": codes("nesdp13.json"),
        "sdg": codes("sdg.json"),
    }
    items_name, pairs_name = spec["items"], spec["pairs"]
    items = load(items_name) if items_name else []
    pairs = load(pairs_name)

    assert len(items) >= spec["min_items"], len(items)
    if not items_name:
        return check_pairs(set_name, pairs_name, pairs, items, None, None)
    n_test_items = check_split(items_name, items)
    cover = {s: collections.Counter() for s in ("train", "test")}
    per_code = collections.Counter()
    for r in items:
        where = f"item {r['id']}"
        check_text(where, r)
        assert isinstance(r.get("area_hint"), str) and r["area_hint"], where
        lab = r["labels"]
        assert set(lab) == {"ns", "mp", "nesdp", "sdg", "bcg"}, f"{where}: label keys {sorted(lab)}"
        assert isinstance(lab["bcg"], bool), where
        for scheme in ("ns", "mp", "nesdp", "sdg"):
            assert 1 <= len(lab[scheme]) <= 3, f"{where}: {scheme} has {len(lab[scheme])} labels"
            assert len(set(lab[scheme])) == len(lab[scheme]), f"{where}: repeated {scheme} label"
            for c in lab[scheme]:
                assert c in known[scheme], f"{where}: unknown {scheme} code {c}"
                cover[r["split"]][c] += 1
                per_code[c] += 1
    for split in ("train", "test"):
        for need in [f"NS{i}" for i in range(1, 7)] + [f"M{i:02d}" for i in range(1, 14)]:
            assert cover[split][need] > 0, f"{need} has no {split} item"
    print(
        f"{items_name}: {len(items)} items ({len(items) - n_test_items} train, {n_test_items} test); "
        f"{len(per_code)} distinct codes used; bcg true {sum(r['labels']['bcg'] for r in items)}"
    )
    return check_pairs(set_name, pairs_name, pairs, items, items_name, n_test_items)


def check_pairs(set_name, pairs_name, pairs, items, items_name, n_test_items):

    assert len(pairs) >= 300, len(pairs)
    if set_name in ("d", "e", "f", "g"):  # all held-out: ids unique, every split "test"
        assert len({p["id"] for p in pairs}) == len(pairs), f"{pairs_name}: duplicate ids"
        n_test_pairs = len(pairs)
    else:
        n_test_pairs = check_split(pairs_name, pairs)
    kinds = collections.Counter()
    for p in pairs:
        where = f"pair {p['id']}"
        assert isinstance(p["duplicate"], bool), where
        assert isinstance(p.get("area_hint"), str) and p["area_hint"], where
        check_text(where + ".a", p["a"])
        check_text(where + ".b", p["b"])
        assert (p["a"]["title_th"], p["a"]["detail_th"]) != (p["b"]["title_th"], p["b"]["detail_th"]), (
            f"{where}: a == b"
        )
        kinds[(p["split"], p.get("kind"), p["duplicate"])] += 1
        if p["duplicate"]:
            assert p["a"]["body_kind"] != p["b"]["body_kind"], f"{where}: duplicate from the same body kind"
    dup = sum(p["duplicate"] for p in pairs) / len(pairs)
    assert 0.35 <= dup <= 0.45, f"duplicate share {dup:.3f}"

    readme = (HERE / "README.md").read_text(encoding="utf-8")
    print(
        f"{pairs_name}: {len(pairs)} pairs ({len(pairs) - n_test_pairs} train, {n_test_pairs} test); "
        f"duplicates {sum(p['duplicate'] for p in pairs)} ({dup:.1%})"
    )
    for (split, kind, _dup), n in sorted(kinds.items()):
        print(f"  {split:5} {kind:14} {n}")
    if set_name == "b":
        check_set_b_extras(items, pairs)
    if set_name == "c":
        check_set_c_extras(pairs)
    if set_name == "d":
        check_set_d_extras(pairs)
    if set_name == "e":
        check_set_e_extras(pairs)
    if set_name == "f":
        check_set_f_extras(pairs)
    if set_name == "g":
        check_set_g_extras(pairs)
    ok = True
    for name in [n for n in (items_name, pairs_name) if n]:
        h = hashlib.sha256((HERE / name).read_bytes()).hexdigest()
        print(f"{h}  {name}")
        m = re.search(r"([0-9a-f]{64})\s+`?" + re.escape(name), readme)
        if not m or m.group(1) != h:
            ok = False
            print(f"  !! SHA-256 of {name} does not match README.md ({m.group(1) if m else 'not recorded'})")
    return ok


if __name__ == "__main__":
    main()
