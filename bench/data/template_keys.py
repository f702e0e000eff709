"""Which template each item of sets A, B and C's duplicate pairs was built from, for cross-validation grouped by
template (so a fold's test pairs come from templates its training part never saw).

The generators are deterministic: this re-runs each one in memory with its render step wrapped to note the
template of every item it writes, checks that the pairs it makes are byte for byte the committed ones, and writes
``template_keys_abc.json`` = {"a": {pair id: [template of a, template of b]}, "b": {…}, "c": {…}} and
``template_keys_d.json`` = {"d": {…}} (set D, keyed once its one held-out run was done). Nothing in the labelled
files is written.

Set E (held-out only, like D) is keyed by its own generator, in the same scheme: ``build_e/make_datasets_e.py``
writes ``template_keys_e.json`` = {"e": {pair id: [template of a, template of b]}} beside the pairs, and
``check_datasets.py --set e`` checks it. ``load()`` reads both files into one mapping.

    python bench/data/template_keys.py
"""

import importlib
import json
import pathlib
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
SETS = {
    "a": ("build", "make_datasets", "plan_items_duplicates.jsonl"),
    "b": ("build_b", "make_datasets_b", "plan_items_duplicates_b.jsonl"),
    "c": ("build_c", "make_datasets_c", "plan_items_duplicates_c.jsonl"),
    "d": ("build_d", "make_datasets_d", "plan_items_duplicates_d.jsonl"),
}
# Set D was keyed later (plans7, once its held-out run was done and it became training data): its keys go in their
# own file so that the A-C file, and the sixth method's folds over it, stay as they were.
FILES = {"template_keys_abc.json": ("a", "b", "c"), "template_keys_d.json": ("d",)}


def key_of(it):
    return it["title_th"] + "|" + it["detail_th"] + "|" + it["body_kind"]


def one(which):
    """Run in a fresh process per set (each set's seeds modules have their own names)."""
    sub, modname, fname = SETS[which]
    sys.path[:0] = [str(HERE / sub), str(HERE)]
    import build_common

    seen = {}
    orig_five = build_common.FiveStyles.render

    def five_render(self, rng, seed, variant, ctx):
        it = orig_five(self, rng, seed, variant, ctx)
        seen[key_of(it)] = seed.key
        return it

    build_common.FiveStyles.render = five_render
    captured = {}

    def capture(path, rows):
        captured[pathlib.Path(path).name] = rows

    build_common.write_jsonl = capture
    mod = importlib.import_module(modname)
    mod.write_jsonl = capture
    if which == "d":
        orig_six = mod.SixStyles.render

        def six_render(self, rng, seed, variant, ctx):
            it = orig_six(self, rng, seed, variant, ctx)
            seen[key_of(it)] = seed.key
            return it

        mod.SixStyles.render = six_render
    if which == "a":
        orig = mod.render

        def a_render(rng, seed, variant, ctx, style_rng=None):
            it = orig(rng, seed, variant, ctx) if style_rng is None else orig(rng, seed, variant, ctx, style_rng)
            seen[key_of(it)] = seed.key
            return it

        mod.render = a_render
        mod.SetA.render = staticmethod(a_render)
    mod.main()
    committed = [json.loads(line) for line in (HERE / fname).read_text(encoding="utf-8").splitlines()]
    assert captured[fname] == committed, f"{fname}: the generator no longer makes the committed pairs"
    return {p["id"]: [seen[key_of(p["a"])], seen[key_of(p["b"])]] for p in committed}


def load():
    """{"a": {pair id: [key, key]}, "b": …, "c": …, "e": …} from template_keys_abc.json and template_keys_e.json."""
    out = {}
    for name in ("template_keys_abc.json", "template_keys_e.json"):
        out.update(json.loads((HERE / name).read_text(encoding="utf-8")))
    return out


def main():
    if len(sys.argv) > 1:
        json.dump(one(sys.argv[1]), sys.stdout)
        return
    for fname, which_sets in FILES.items():
        out = {}
        for which in which_sets:
            run = subprocess.run([sys.executable, __file__, which], capture_output=True, text=True, check=True)
            out[which] = json.loads(run.stdout.splitlines()[-1])
        path = HERE / fname
        path.write_text(json.dumps(out, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
        print(
            path.name,
            {k: f"{len(v)} pairs, {len({t for ts in v.values() for t in ts})} templates" for k, v in out.items()},
        )


if __name__ == "__main__":
    main()
