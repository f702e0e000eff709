"""Thai text → tag suggestions and duplicate scores, with no database and nothing downloaded.

Words come from PyThaiNLP's ``newmm`` segmenter with the dictionary shipped inside the package (the
machines are offline). Text is normalised first (Thai digits → Arabic, common abbreviations written
out, a few frequent misspellings corrected), so the formal, village and short-list wordings of the
same work share words.

Tag suggestions (``TagModel``): TF-IDF over words, word pairs and the concepts of ``lexicon.py``
(so "DM" and "เบาหวาน", "ไบโอแก๊ส" and "ก๊าซชีวภาพ" share a word), then for each tag a score that
adds (a) a nearest-neighbour vote — the similarity-weighted share of the k most similar tagged items
that carry the tag — (b) the similarity to the centroid of the tag's tagged items and (c) the
similarity to the tag's description: its official title plus a short Thai scope note
(``seed/scope_notes_th.json``, written from the labelling rules, so a tag no item carries yet can
still be suggested), and (d) a share of the tags that usually go with the likely ones in the tagged items
(an issue's National Strategy, a milestone's usual SDG). The ranking interleaves the schemes (the best National
Strategy, the best milestone, the best master-plan issue, …) because every item serves one of each.

Duplicates (``DuplicateModel.score``): cosine similarity of character-trigram TF-IDF vectors of the
two items and of their word-and-concept vectors, the overlap of the concepts they name, plus bonuses when
both name the same figure or sum of money however written ("0.15 ล้านบาท" = "150,000.-": two bodies writing
up the same work copy its figures), the same quantity of one unit, or the same village, village number or
temple/school; and zero when the two name a different village number (หมู่/ม.), a different village
(บ้าน…/บ.), a different temple or school, a different place of the registry (even fused into a word:
"ป่าชายเลนนาดี"), a different target group, quantities of one unit none of which agree (960 m vs 714 m),
or are the same text with a name changed — the commonest ways two same-worded items are still different work.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")

# Abbreviations written in plain and short items → the words formal items use.
ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("อบต.", "องค์การบริหารส่วนตำบล "),
    ("อปท.", "องค์กรปกครองส่วนท้องถิ่น "),
    ("พอช.", "สถาบันพัฒนาองค์กรชุมชน "),
    ("รพ.สต.", "โรงพยาบาลส่งเสริมสุขภาพตำบล "),
    ("คสล.", "คอนกรีตเสริมเหล็ก "),
    ("อสม.", "อาสาสมัครสาธารณสุข "),
    ("กศน.", "การศึกษานอกระบบ "),
    ("ศพด.", "ศูนย์พัฒนาเด็กเล็ก "),
    ("พช.", "พัฒนาชุมชน "),
    ("ผญบ.", "ผู้ใหญ่บ้าน "),
    ("วสช.", "วิสาหกิจชุมชน "),
    ("ต.", "ตำบล "),
    ("อ.", "อำเภอ "),
    ("จ.", "จังหวัด "),
    ("ม.", "หมู่ "),
    ("บ.", "บ้าน "),
)
MISSPELLINGS: tuple[tuple[str, str], ...] = (
    ("งบประมาน", "งบประมาณ"),
    ("โครการ", "โครงการ"),
    ("มาตราฐาน", "มาตรฐาน"),
    ("ครัวเรีอน", "ครัวเรือน"),
    ("ผู้สูงอาย", "ผู้สูงอายุ"),
    ("ผู้สูงอายุุ", "ผู้สูงอายุ"),
)
# Words every plan item uses (they say nothing of the work's subject).
PLAN_STOPWORDS = frozenset(
    [
        "โครงการ",
        "กิจกรรม",
        "ขอ",
        "งบประมาณ",
        "บาท",
        "หมื่น",
        "แสน",
        "ล้าน",
        "พัน",
        "คน",
        "ราย",
        "ครัวเรือน",
        "หมู่",
        "ตำบล",
        "อำเภอ",
        "จังหวัด",
        "บ้าน",
        "จำนวน",
        "ไม่น้อยกว่า",
        "เพื่อ",
        "และ",
        "ให้",
        "ใน",
        "การ",
        "ของ",
        "ที่",
        "มี",
        "เป็น",
        "ได้",
        "จาก",
        "ไป",
        "มา",
        "กับ",
        "ด้วย",
        "ปี",
        "ครั้ง",
    ]
)
_NUMBER = re.compile(r"^[\d.,\-–/]+$")
_MOO = re.compile(r"หมู่\s*(?:ที่)?\s*(\d{1,2})(?!\d)")
# A village name: "บ้าน<name>" standing as a word of its own (at the start of a phrase, or after ที่/สาย),
# so "ไฟไหม้บ้าน…" or "หลายบ้าน…" in a villager's plain words are not read as a village.
_VILLAGE = re.compile(r"(?:^|\s|ที่|สาย)บ้าน\s?([ก-๙]{3,})(?=[\s)\],;:]|$)")
_SITE = re.compile(r"(?:^|\s|ที่|หน้า|งาน|ลาน|ศาลา|บุญ)(วัด|โรงเรียน)([ก-๙]{3,})")
_NOT_SITE = ("ที่", "ใน", "และ", "ของ", "นี้", "ไม่", "เรา", "ให้", "กับ", "ได้", "ก็", "ต่าง", "ทุก", "เล็ก", "บ้านเรา")
_FIGURE = re.compile(r"\d[\d,]*(?:\.\d+)?")
SHARED_FIGURE_BONUS = 0.7
_NOT_VILLAGE = ("เรือน", "พัก", "มั่นคง", "เช่า", "ละ", "ใหม่", "ของ", "ที่", "พอ", "เกิด", "เรา", "ผม", "เมือง")


@lru_cache(maxsize=8192)  # a scan normalises each text once per pair it is in
def normalise(text: str) -> str:
    text = text.translate(THAI_DIGITS)
    for wrong, right in MISSPELLINGS:
        text = text.replace(wrong, right)
    for short, full in ABBREVIATIONS:
        text = text.replace(short, full)
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=4096)
def words(text: str) -> tuple[str, ...]:
    """The content words of a text (normalised, segmented with PyThaiNLP newmm, stop words dropped)."""
    from pythainlp import word_tokenize
    from pythainlp.corpus import thai_stopwords

    stop = thai_stopwords()
    out = []
    for token in word_tokenize(normalise(text), engine="newmm", keep_whitespace=False):
        token = token.strip().lower()
        if len(token) < 2 or _NUMBER.match(token) or token in stop or token in PLAN_STOPWORDS:
            continue
        if not any(ch.isalpha() for ch in token):
            continue
        out.append(token)
    return tuple(out)


def word_features(text: str) -> list[str]:
    ws = words(text)
    return list(ws) + [f"{a}_{b}" for a, b in itertools.pairwise(ws)]


def concept_words(text: str) -> tuple[str, ...]:
    """The lexicon's concepts a text names, as ``§concept`` words (see ``lexicon.py``)."""
    from chumchon.plans.strategy.lexicon import concepts

    return tuple(sorted(f"§{c}" for c in concepts(normalise(text))))


def tag_features(text: str, with_concepts: bool) -> list[str]:
    return word_features(text) + (list(concept_words(text)) if with_concepts else [])


def char_features(text: str) -> list[str]:
    """Character trigrams of the content words (robust to segmentation differences and typos)."""
    feats: list[str] = []
    for w in words(text):
        padded = f" {w} "
        feats.extend(padded[i : i + 3] for i in range(len(padded) - 2))
    return feats


def _unit_rows(m: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return m / norms


class Tfidf:
    """A small TF-IDF vectoriser (sublinear term frequency, smoothed idf, unit-length rows)."""

    def __init__(self, docs: Sequence[Sequence[str]], min_df: int = 1) -> None:
        df: Counter[str] = Counter()
        for doc in docs:
            df.update(set(doc))
        terms = sorted(t for t, n in df.items() if n >= min_df)
        self.index = {t: i for i, t in enumerate(terms)}
        n = len(docs)
        self.idf = np.array([math.log((1 + n) / (1 + df[t])) + 1.0 for t in terms], dtype=np.float64)

    def transform(self, docs: Iterable[Sequence[str]]) -> np.ndarray:
        rows = []
        for doc in docs:
            vec = np.zeros(len(self.index), dtype=np.float64)
            for term, count in Counter(doc).items():
                i = self.index.get(term)
                if i is not None:
                    vec[i] = (1.0 + math.log(count)) * self.idf[i]
            norm = np.linalg.norm(vec)
            rows.append(vec / norm if norm else vec)
        return np.vstack(rows) if rows else np.zeros((0, len(self.index)))


def scheme_of(code: str) -> str:
    """NS1 → ns, MP03 → mp, M01 → nesdp, SDG01 → sdg, anything else → its prefix."""
    if code.startswith("SDG"):
        return "sdg"
    if code.startswith("NS"):
        return "ns"
    if code.startswith("MP"):
        return "mp"
    if re.fullmatch(r"M\d\d", code):
        return "nesdp"
    return code.split("-")[0].lower()


@dataclass
class TagModel:
    """Suggests tags for an item's text from tagged items and the tags' own descriptions."""

    texts: Sequence[str]
    labels: Sequence[Sequence[str]]
    titles: Mapping[str, str] = field(default_factory=dict)  # tag code → its title and scope note (Thai)
    # Chosen by grouped cross-validation on the train split only (bench/plans.py --dev).
    k: int = 30
    prototype_weight: float = 0.25
    description_weight: float = 20.0
    cooccurrence_weight: float = 0.2
    with_concepts: bool = True

    def __post_init__(self) -> None:
        docs = [tag_features(t, self.with_concepts) for t in self.texts]
        title_docs = {code: tag_features(title, self.with_concepts) for code, title in self.titles.items()}
        self.vectoriser = Tfidf(docs + list(title_docs.values()))
        width = len(self.vectoriser.index)
        self.matrix = self.vectoriser.transform(docs) if docs else np.zeros((0, width))
        codes = sorted({c for ls in self.labels for c in ls} | set(self.titles))
        self.codes = codes
        self.code_index = {c: i for i, c in enumerate(codes)}
        self.y = np.zeros((len(docs), len(codes)))
        for row, ls in enumerate(self.labels):
            for c in ls:
                self.y[row, self.code_index[c]] = 1.0
        self.prototypes = _unit_rows(self.y.T @ self.matrix if len(docs) else np.zeros((len(codes), width)))
        described = np.zeros((len(codes), width))
        if title_docs:
            for code, vec in zip(title_docs, self.vectoriser.transform(title_docs.values()), strict=True):
                described[self.code_index[code]] = vec
        self.descriptions = described
        # Word sets of the descriptions, for the keyword part of the description score.
        self.description_words = {code: set(words(title)) for code, title in self.titles.items()}
        # How often a tag goes with another in the tagged items: P(column tag | row tag), none with itself.
        counts = self.y.sum(axis=0)
        self.cooccurrence = (self.y.T @ self.y) / np.maximum(counts, 1.0)[:, None]
        np.fill_diagonal(self.cooccurrence, 0.0)

    def scores(self, text: str) -> dict[str, float]:
        vec = self.vectoriser.transform([tag_features(text, self.with_concepts)])[0]
        total = self.prototype_weight * (self.prototypes @ vec) + self.description_weight * (self.descriptions @ vec)
        if len(self.matrix):
            sims = self.matrix @ vec
            top = np.argsort(-sims)[: self.k]
            total = total + sims[top] @ self.y[top] / max(float(sims[top].sum()), 1e-9)
        if self.cooccurrence_weight:
            # Tags that go with the likely ones (an issue's National Strategy, a milestone's usual SDG).
            positive = np.maximum(total, 0.0)
            peak = float(positive.max()) if len(positive) else 0.0
            if peak > 0:
                total = total + self.cooccurrence_weight * (positive @ self.cooccurrence) / peak
        return {c: float(total[i]) for c, i in self.code_index.items()}

    def rank(self, text: str, limit: int = 10, schemes: Sequence[str] | None = None) -> list[tuple[str, float]]:
        """Tags best first: the best of each scheme in turn (most confident scheme first), then the next."""
        by_scheme: dict[str, list[tuple[str, float]]] = {}
        for code, score in self.scores(text).items():
            scheme = scheme_of(code)
            if schemes is not None and scheme not in schemes:
                continue
            by_scheme.setdefault(scheme, []).append((code, score))
        for lst in by_scheme.values():
            lst.sort(key=lambda cs: (-cs[1], cs[0]))
        out: list[tuple[str, float]] = []
        depth = 0
        while len(out) < limit and any(depth < len(lst) for lst in by_scheme.values()):
            layer = [lst[depth] for lst in by_scheme.values() if depth < len(lst) and lst[depth][1] > 0]
            if not layer:
                break
            layer.sort(key=lambda cs: (-cs[1], cs[0]))
            out.extend(layer)
            depth += 1
        return out[:limit]


def keyword_rank(text: str, titles: Mapping[str, str], limit: int = 10) -> list[tuple[str, float]]:
    """Baseline: tags ordered by how many words of their catalogue title the text contains."""
    have = set(words(text))
    scored = []
    for code, title in titles.items():
        kws = set(words(title))
        hits = len(kws & have)
        if hits:
            scored.append((code, hits / math.sqrt(len(kws))))
    scored.sort(key=lambda cs: (-cs[1], cs[0]))
    return scored[:limit]


# ---------------------------------------------------------------------------------------------
# Duplicates


def places(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The village numbers (หมู่ 3 → "3") and village names (บ้านดอนมูล → "ดอนมูล") a text names."""
    norm = normalise(text)
    moos = frozenset(m.group(1).lstrip("0") for m in _MOO.finditer(norm))
    villages = set()
    for m in _VILLAGE.finditer(norm):
        name = m.group(1)
        if not name.startswith(_NOT_VILLAGE):
            villages.add(name[:6])
    return moos, frozenset(villages)


@lru_cache(maxsize=8192)
def sites(text: str) -> frozenset[str]:
    """Named temples and schools a text names ("วัดศรีบุญเรือง", "โรงเรียนบ้านโคก" → their names' openings):
    the landmarks plans locate work by, besides villages."""
    out = set()
    for m in _SITE.finditer(normalise(text)):
        name = m.group(2)
        if not name.startswith(_NOT_SITE):
            out.add(name[:6])
    return frozenset(out)


def different_place(a: str, b: str) -> bool:
    moos_a, vil_a = places(a)
    moos_b, vil_b = places(b)
    if moos_a and moos_b and not (moos_a & moos_b):
        return True
    if vil_a and vil_b and not (vil_a & vil_b):
        return True
    sa, sb = sites(a), sites(b)
    return bool(sa and sb and not (sa & sb))


def figures(text: str) -> frozenset[str]:
    """The figures a text names (counts, lengths, amounts), without village numbers and B.E. years."""
    norm = re.sub(r"หมู่\s*(?:ที่)?\s*\d+", " ", normalise(text))
    out = set()
    for m in _FIGURE.finditer(norm):
        value = m.group().replace(",", "")
        if len(value) >= 2 and not (len(value) == 4 and value.startswith("25")):
            out.add(value)
    return frozenset(out)


# Money written the ways plans write it: "150,000 บาท", "150,000.-", "150,000 บ.", "1.5 ล้านบาท", "1.2 ลบ.",
# "15 หมื่นบาท", "3 แสนบาท", "36 พันบาท".
_AMOUNT = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(ล้านบาท|ล้าน|ลบ\.|แสนบาท|แสน|หมื่นบาท|หมื่น|พันบาท|พัน|บาท|บ\.|\.-)")
_AMOUNT_SCALE = {"ล้าน": 1_000_000, "ลบ.": 1_000_000, "แสน": 100_000, "หมื่น": 10_000, "พัน": 1_000}


def amounts(text: str) -> frozenset[int]:
    """The sums of money a text names, in baht, whatever the way they are written ("0.15 ล้านบาท" = 150000)."""
    out = set()
    for m in _AMOUNT.finditer(text.translate(THAI_DIGITS)):
        unit = m.group(2)
        scale = next((v for k, v in _AMOUNT_SCALE.items() if unit.startswith(k)), 1)
        try:
            value = round(float(m.group(1).replace(",", "")) * scale)
        except ValueError:
            continue
        if value >= 100:
            out.add(value)
    return frozenset(out)


def same_place(a: str, b: str) -> bool:
    """Both items name the same village number, village or temple/school."""
    moos_a, vil_a = places(a)
    moos_b, vil_b = places(b)
    return bool(moos_a & moos_b or vil_a & vil_b or sites(a) & sites(b))


def shared_quantity(a: str, b: str) -> bool:
    """Both items give the same quantity in the same unit (the same 110 persons, the same 960 metres)."""
    qa, qb = quantities(a), quantities(b)
    return any(qa[u] & qb[u] for u in qa.keys() & qb.keys())


def different_group(a: str, b: str) -> bool:
    """Both items name whom the work is for (the lexicon's target groups) and no group is the same."""
    from chumchon.plans.strategy.lexicon import TARGET_GROUPS, concepts

    ga = concepts(normalise(a)) & TARGET_GROUPS
    gb = concepts(normalise(b)) & TARGET_GROUPS
    return bool(ga and gb and not ga & gb)


# Place names of the national registry shipped with the app (geothai: every tambon, district and province),
# for names written fused into a word ("ป่าชายเลนนาดี"), where the "บ้าน…"/"หมู่ …" rules see nothing.
_MIN_PLACE_LENGTH = 4
_PLACE_PREFIX = re.compile(r"^(?:บ้าน|เมือง|เขต|กิ่งอำเภอ)")
_MAX_PLACE_TOKENS = 6


def place_name(name: str) -> str:
    """A registry or village name as it is written inside a text: "บ้านหนองบัว" → "หนองบัว"."""
    return _PLACE_PREFIX.sub("", name.strip())


@lru_cache(maxsize=1)
def place_gazetteer() -> frozenset[str]:
    """Names of places (geothai's tambons, districts and provinces; "บ้าน…" and "เมือง…" stripped).

    Left out: names shorter than four characters and names that are also entries of PyThaiNLP's
    dictionary ("ตลาด", "ศาลา", "ท่าเรือ", "น้ำตาล"), which a text uses as ordinary words.
    """
    import geothai

    names: set[str] = set()
    for province in geothai.provinces():
        names.add(province.name_th)
        for district in geothai.districts(province.code):
            names.add(district.name_th)
            names.update(s.name_th for s in geothai.subdistricts(district.code))
    return distinctive_place_names(names)


def distinctive_place_names(names: Iterable[str]) -> frozenset[str]:
    """The names (``place_name``) a text cannot use as ordinary words: four characters or more, one word,
    not an entry of PyThaiNLP's dictionary."""
    from pythainlp.corpus import thai_words

    dictionary = thai_words()
    return frozenset(
        n for n in map(place_name, names) if len(n) >= _MIN_PLACE_LENGTH and n not in dictionary and " " not in n
    )


@lru_cache(maxsize=8192)
def named_places(text: str, extra: frozenset[str] = frozenset()) -> frozenset[str]:
    """Place names a text contains (the gazetteer's and ``extra``), longest first, each starting and
    ending on a word boundary of the newmm segmentation (so a name is not found inside another word)."""
    from pythainlp import word_tokenize

    names = place_gazetteer() | extra
    norm = normalise(text)
    tokens = word_tokenize(norm, engine="newmm", keep_whitespace=True)
    bounds = [0]
    for token in tokens:
        bounds.append(bounds[-1] + len(token))
    found: set[str] = set()
    i = 0
    while i < len(tokens):
        for j in range(min(len(tokens), i + _MAX_PLACE_TOKENS), i, -1):
            candidate = norm[bounds[i] : bounds[j]]
            if candidate in names:
                found.add(candidate)
                i = j
                break
        else:
            i += 1
    return frozenset(found)


def different_named_place(
    a: str, b: str, ignore: frozenset[str] = frozenset(), extra: frozenset[str] = frozenset()
) -> bool:
    """Both items name a place other than the area's own (``ignore``) and no such place is the same.

    Not when both name the same village number: a shared หมู่ is the same village, and a differing name is
    then a landmark or a road's other end.
    """
    pa = named_places(a, extra) - ignore
    pb = named_places(b, extra) - ignore
    if not (pa and pb) or pa & pb:
        return False
    # A name one text has is shared when the other writes it too, segmented otherwise ("วัดใหม่" is found in
    # "งานบุญวัดใหม่สามัคคี", "ใหม่สามัคคี" in "งานวัดใหม่สามัคคีไม่มี…": the same temple).
    na, nb = normalise(a), normalise(b)
    if any(name in nb for name in pa) or any(name in na for name in pb):
        return False
    moos_a, _ = places(a)
    moos_b, _ = places(b)
    return not (moos_a & moos_b)


# Units of the quantities a plan item names (a count of people, a length, an area, …) → one unit each.
QUANTITY_UNITS: dict[str, str] = {
    "คน": "person",
    "ราย": "person",
    "ครัวเรือน": "household",
    "หลังคาเรือน": "household",
    "เมตร": "metre",
    "ม.": "metre",
    "กม.": "km",
    "กิโลเมตร": "km",
    "ตร.ม.": "m2",
    "ตารางเมตร": "m2",
    "ไร่": "rai",
    "หลัง": "building",
    "ตัน": "tonne",
    "จุด": "point",
    "แห่ง": "site",
    "กลุ่ม": "group",
    "หัวจ่าย": "charger",
    "kW": "kw",
    "กิโลวัตต์": "kw",
    "ต้น": "tree",
    "บ่อ": "pond",
    "ตัว": "animal",
    "ชุด": "set",
    "เครื่อง": "machine",
}
_QUANTITY = re.compile(
    r"(\d[\d,]*(?:\.\d+)?)\s*(" + "|".join(re.escape(u) for u in sorted(QUANTITY_UNITS, key=len, reverse=True)) + ")"
)


def quantities(text: str) -> dict[str, frozenset[str]]:
    """The quantities a text names, by unit: "ยาว 960 เมตร 40 คน" → {"metre": {"960"}, "person": {"40"}}."""
    found: dict[str, set[str]] = {}
    for m in _QUANTITY.finditer(text.translate(THAI_DIGITS)):
        found.setdefault(QUANTITY_UNITS[m.group(2)], set()).add(m.group(1).replace(",", ""))
    return {unit: frozenset(values) for unit, values in found.items()}


def different_quantities(a: str, b: str) -> bool:
    """Both items give a quantity in the same unit and, for every such unit, no value is the same.

    Two write-ups of one piece of work copy its quantities (the road's length, the members, the rai);
    budgets are left out (the second body often works from another figure), so are village numbers.
    """
    qa, qb = quantities(a), quantities(b)
    common = qa.keys() & qb.keys()
    return bool(common) and all(not (qa[unit] & qb[unit]) for unit in common)


def _content_words(text: str) -> list[str]:
    return list(words(text)) + list(concept_words(text))


class DuplicateModel:
    """Scores pairs of items; fitted on the texts of one area (or any corpus for the idf).

    The score adds the cosine of character-trigram TF-IDF vectors, the cosine of word-and-concept TF-IDF
    vectors (the lexicon's concepts make "DM/HT" meet "เบาหวาน ความดัน"), half the Jaccard overlap of
    the concepts both name, a bonus for a shared figure or sum of money (0.7: a terse budget line and a meeting
    note about the same work share few words but copy its figures), one for the same quantity of one unit (0.2)
    and one for the same village, village number or temple/school (0.2). It is zero for another village
    (``different_place``), another named place than the area's own (``different_named_place``, the
    registry's names even when fused into a word), another target group (``different_group``), quantities
    of the same unit that all differ (``different_quantities``) and for a near copy whose words
    still differ: two bodies describing one piece of work word it differently, while the same text
    with one name changed is the same template copied for another site. Weights chosen by grouped
    cross-validation on the train pairs only (bench/plans.py --dev).
    """

    char_weight = 1.0
    word_weight = 1.0
    concept_weight = 0.5
    figure_bonus = SHARED_FIGURE_BONUS
    place_bonus = 0.2
    quantity_bonus = 0.2
    near_copy = 0.85
    # The threshold is the lowest with this precision on the labelled train pairs: above the goal's 0.90
    # because precision on unseen templates falls below the training pairs' (grouped CV, bench/plans.py --dev).
    precision_target = 0.93

    def __init__(
        self, corpus: Sequence[str], *, area_names: Iterable[str] = (), place_names: Iterable[str] = ()
    ) -> None:
        # Places: the area's own names (its tambon, district, province) say nothing about which work an
        # item is; the names of its villages (from the area tree) join the registry's.
        self.place_names = distinctive_place_names(place_names)
        self.area_names = self.own_names(area_names)
        self.vectoriser = Tfidf([char_features(t) for t in corpus])
        self.word_vectoriser = Tfidf([_content_words(t) for t in corpus])
        self._profiles: dict[str, _Profile] = {}  # a scan compares each text with many others

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        return self.vectoriser.transform([char_features(t) for t in texts])

    # What a text's evidence is made of (a subclass may leave words out, see DuplicateClassifier).
    def _words(self, text: str) -> tuple[str, ...]:
        return words(text)

    def _chars(self, text: str) -> list[str]:
        return char_features(text)

    def _content(self, text: str) -> list[str]:
        return _content_words(text)

    def _figures(self, text: str) -> frozenset[str]:
        return figures(text)

    def _profile(self, text: str) -> _Profile:
        found = self._profiles.get(text)
        if found is None:
            moos, villages = places(text)
            found = _Profile(
                chars=self.vectoriser.transform([self._chars(text)])[0],
                words=self.word_vectoriser.transform([self._content(text)])[0],
                word_set=frozenset(self._words(text)),
                concepts=frozenset(concept_words(text)),
                figures=self._figures(text),
                amounts=amounts(text),
                moos=moos,
                villages=villages,
                sites=sites(text),
                quantities=quantities(text),
            )
            self._profiles[text] = found
        return found

    def own_names(self, names: Iterable[str]) -> frozenset[str]:
        """The place names of an area (its names and those the gazetteer finds in them: "ต.ท่าเสา อ.เมือง…")."""
        out: set[str] = set()
        for name in names:
            out.add(place_name(name))
            out.update(named_places(name, self.place_names))
        return frozenset(out)

    def score(self, a: str, b: str, *, area_names: Iterable[str] | None = None) -> float:
        own = self.area_names if area_names is None else self.own_names(area_names)
        if (
            different_place(a, b)
            or different_group(a, b)
            or different_named_place(a, b, own, self.place_names)
            or different_quantities(a, b)
        ):
            return 0.0
        pa, pb = self._profile(a), self._profile(b)
        char_cos = float(pa.chars @ pb.chars)
        if char_cos >= self.near_copy and pa.word_set != pb.word_set:
            return 0.0
        ca, cb = pa.concepts, pb.concepts
        concept_overlap = len(ca & cb) / len(ca | cb) if ca and cb else 0.0
        bonus = self.figure_bonus if pa.figures & pb.figures or pa.amounts & pb.amounts else 0.0
        if pa.moos & pb.moos or pa.villages & pb.villages or pa.sites & pb.sites:  # same_place
            bonus += self.place_bonus
        if any(pa.quantities[u] & pb.quantities[u] for u in pa.quantities.keys() & pb.quantities.keys()):
            bonus += self.quantity_bonus  # shared_quantity
        return (
            self.char_weight * char_cos
            + self.word_weight * float(pa.words @ pb.words)
            + self.concept_weight * concept_overlap
            + bonus
        )


@dataclass(frozen=True)
class _Profile:
    chars: np.ndarray
    words: np.ndarray
    word_set: frozenset[str]
    concepts: frozenset[str]
    figures: frozenset[str]
    amounts: frozenset[int]
    moos: frozenset[str]
    villages: frozenset[str]
    sites: frozenset[str]
    quantities: dict[str, frozenset[str]]


# Fiscal and plan years: "ปี 2569", "พ.ศ. 2570", "ข้อบัญญัติปี 68", "ปีงบฯ 69", "ปีงบประมาณ 2568" (B.E. 2560–2579;
# a two-digit year only after ปี/ปีงบ/ปีงบประมาณ, so "(7 พ.ค. 68)", a meeting's date, is not a plan year).
_YEAR_FULL = re.compile(r"(?<![\d,.])(25[67]\d)(?![\d,]|\.\d)")
_YEAR_SHORT = re.compile(r"ปี(?:งบ(?:ประมาณ)?)?\s*ฯ?\s*(?:พ\.ศ\.)?\s*([67]\d)(?![\d,.])")


@lru_cache(maxsize=8192)
def plan_years(text: str) -> frozenset[int]:
    """The B.E. years a text names (2560–2579): next year's batch of the same work is other work in a plan."""
    norm = normalise(text)
    found = {int(m.group(1)) for m in _YEAR_FULL.finditer(norm)}
    found.update(2500 + int(m.group(1)) for m in _YEAR_SHORT.finditer(norm))
    return frozenset(found)


# Phases and batches of one work: "ระยะที่ 2", "เฟส 3", "รุ่นที่ 2", "ระยะ 2" (not "ระยะ 1,160 เมตร", "ระยะ 3 กม.": a distance).
_PHASE = re.compile(r"(?:ระยะที่|เฟส|รุ่นที่|ระยะ|รุ่น)\s*(\d{1,2})(?![\d,.])(?!\s*(?:กม|กิโล|เมตร|ม\.))")


@lru_cache(maxsize=8192)
def phases(text: str) -> frozenset[str]:
    """The phase or batch numbers a text names: the One Plan lists each phase or batch of a work as its own item."""
    return frozenset(m.group(1) for m in _PHASE.finditer(text.translate(THAI_DIGITS)))


def different_phase(a: str, b: str) -> bool:
    """Both items name a phase or batch and none is the same (phase 1 and phase 2 of one pipe are two items)."""
    pa, pb = phases(a), phases(b)
    return bool(pa and pb and not pa & pb)


@lru_cache(maxsize=1)
def village_name_openings() -> tuple[str, ...]:
    """The words Thai place names most often open with (หนอง, นา, บาง, ท่า, โคก, ดอน …): the first newmm word of at
    least 40 of the registry's tambon names (geothai, shipped with the app), longest first."""
    import geothai
    from pythainlp import word_tokenize

    first: Counter[str] = Counter()
    for province in geothai.provinces():
        for district in geothai.districts(province.code):
            for tambon in geothai.subdistricts(district.code):
                tokens = word_tokenize(place_name(tambon.name_th), engine="newmm")
                if tokens:
                    first[tokens[0]] += 1
    return tuple(sorted((w for w, n in first.items() if n >= 40 and len(w) >= 2), key=len, reverse=True))


# "บ้าน" written against the word before it ("หมู่บ้านดอนขี้เหล็ก", "คนบ.ศรีเจริญ", "ประปาบ.นาคูณ"), not after a count
# ("240 บ้าน"), a school ("โรงเรียนบ้าน…" is a school's name) or a tambon, district or province ("ต.บ้านแหลม").
_VILLAGE_GLUED = re.compile(r"บ้าน\s?([ก-๙]{3,})")
_NOT_A_VILLAGE_AFTER = re.compile(r"(?:\d\s*|ียน\s*|ร\.ร\.\s*|รร\.\s*|ตำบล\s*|อำเภอ\s*|จังหวัด\s*)$")


@lru_cache(maxsize=8192)
def villages(text: str) -> frozenset[str]:
    """The villages a text names (their names' first six characters): ``places``' reading, without "บ้าน" after a
    count, a school or a tambon, and also "บ้าน<name>" written against the word before it or followed by more words
    ("หมู่บ้านดอนขี้เหล็กอยากลองปลูก") when the name opens as Thai place names do (``village_name_openings``)."""
    norm = normalise(text)
    found = set()
    for m in _VILLAGE.finditer(norm):
        name = m.group(1)
        if not name.startswith(_NOT_VILLAGE) and not _NOT_A_VILLAGE_AFTER.search(norm[: m.start()]):
            found.add(name[:6])
    for m in _VILLAGE_GLUED.finditer(norm):
        run = m.group(1)
        if (
            run.startswith(village_name_openings())
            and not run.startswith(_NOT_VILLAGE)
            and not _NOT_A_VILLAGE_AFTER.search(norm[: m.start()])
        ):
            found.add(run[:6])
    return frozenset(found)


def different_village(a: str, b: str) -> bool:
    """Both items name villages (``villages``) and neither names one of the other's: a name's first five characters
    are not found in the other text (a name read with the next word stuck to it still meets its plain form)."""
    va, vb = villages(a), villages(b)
    if not (va and vb):
        return False
    na, nb = normalise(a), normalise(b)
    if any(x.startswith(y) or y.startswith(x) for x in va for y in vb):
        return False
    return not (any(x[:5] in nb for x in va) or any(y[:5] in na for y in vb))


_MONTHS = r"ม\.ค\.|ก\.พ\.|มี\.ค\.|เม\.ย\.|พ\.ค\.|มิ\.ย\.|ก\.ค\.|ส\.ค\.|ก\.ย\.|ต\.ค\.|พ\.ย\.|ธ\.ค\."
# Numbers that are not the work's figures: a date, a meeting's number, an agenda item, a numbered line, a percentage,
# a phase (two unrelated items share "(10 ธ.ค. 67)" or "วาระที่ 3.2" by chance).
_NOT_FIGURES = re.compile(
    r"\d{1,2}\s*(?:" + _MONTHS + r")\s*\d{2,4}"
    r"|ครั้งที่\s*\d+\s*/\s*\d+"
    r"|วาระที่\s*[\d.]+"
    r"|^\s*\d+(?:\.\d+)+"
    r"|ร้อยละ\s*[\d.]+"
    r"|(?:ระยะที่|ระยะ|เฟส|รุ่นที่|รุ่น)\s*\d+"
)


@lru_cache(maxsize=8192)
def work_figures(text: str) -> frozenset[str]:
    """``figures`` without dates, meeting and agenda numbers, numbered lines, percentages and phase numbers."""
    return figures(_NOT_FIGURES.sub(" ", text.translate(THAI_DIGITS)))


# The pair classifier's evidence, in the order of its stored weights (``seed/duplicate_classifier.json``).
PAIR_FEATURES: tuple[str, ...] = (
    "char_cosine",  # character-trigram TF-IDF cosine of the content words
    "word_cosine",  # word-and-concept TF-IDF cosine
    "concept_overlap",  # Jaccard overlap of the lexicon's concepts
    "shared_figure",  # 1 when both name the same figure or sum of money however written
    "amount_conflict",  # 1 when both name sums of money and none is the same
    "year_conflict",  # 1 when both name plan years and none is the same
    "shared_words",  # log(1 + the number of content words both use)
    "word_jaccard",  # Jaccard overlap of the content-word sets
    "figure_x_words",  # shared_figure × word_cosine: a copied figure counts more when the words agree too
)


class DuplicateClassifier(DuplicateModel):
    """The likeness of two items as a probability: logistic regression over ``PAIR_FEATURES``, with stored
    weights (fitted offline by ``bench/plans.py --fit-duplicates`` on every labelled pair of sets A–F since plans9; nothing
    is learned or downloaded at run time), and the vetoes of ``DuplicateModel`` (another village, temple or
    school, named place, target group, quantities of one unit that all differ, a near copy) giving 0 — with, since
    plans8 (``reads_more``), villages also read where written against the word before them or followed by more
    words (``different_village``), another phase or batch (``different_phase``), and no dates, meeting or agenda
    numbers among the shared figures (``work_figures``).
    """

    reads_more = True  # False: the seventh method's readings (bench/plans.py compares the two)

    def __init__(
        self,
        corpus: Sequence[str],
        *,
        area_names: Iterable[str] = (),
        place_names: Iterable[str] = (),
        weights: Mapping[str, float] | None = None,
    ) -> None:
        super().__init__(corpus, area_names=area_names, place_names=place_names)
        # Words most of the corpus's items use (an area's common form: "ประชุมชี้แจง ดำเนินกิจกรรม ติดตามผล", its
        # data source) say nothing about which work an item is; left out of every piece of evidence.
        df: Counter[str] = Counter(w for t in set(corpus) for w in set(words(t)))
        n = len(set(corpus))
        self.common = frozenset(w for w, c in df.items() if c >= self.common_min and c > n * self.common_share)
        if self.common:
            self.vectoriser = Tfidf([self._chars(t) for t in corpus])
            self.word_vectoriser = Tfidf([self._content(t) for t in corpus])
        stored = duplicate_classifier() if weights is None else weights
        self.intercept = float(stored["intercept"])
        self.weights = np.array([float(stored[name]) for name in PAIR_FEATURES])

    common_min = 3  # items
    common_share = 0.5  # of the corpus's items

    def _words(self, text: str) -> tuple[str, ...]:
        return tuple(w for w in words(text) if w not in self.common) if self.common else words(text)

    def _chars(self, text: str) -> list[str]:
        if not self.common:
            return char_features(text)
        feats: list[str] = []
        for w in self._words(text):
            padded = f" {w} "
            feats.extend(padded[i : i + 3] for i in range(len(padded) - 2))
        return feats

    def _content(self, text: str) -> list[str]:
        return list(self._words(text)) + list(concept_words(text))

    def _figures(self, text: str) -> frozenset[str]:
        return work_figures(text) if self.reads_more else figures(text)

    def vetoed(self, a: str, b: str, own: frozenset[str]) -> bool:
        """The rules under which two items are other work whatever else they share."""
        if self.reads_more and (different_village(a, b) or different_phase(a, b)):
            return True
        if (
            different_place(a, b)
            or different_group(a, b)
            or different_named_place(a, b, own, self.place_names)
            or different_quantities(a, b)
        ):
            return True
        pa, pb = self._profile(a), self._profile(b)
        return float(pa.chars @ pb.chars) >= self.near_copy and pa.word_set != pb.word_set

    def features(self, a: str, b: str) -> list[float]:
        """The pair's evidence, in the order of ``PAIR_FEATURES``."""
        pa, pb = self._profile(a), self._profile(b)
        ca, cb = pa.concepts, pb.concepts
        shared = pa.word_set & pb.word_set
        union = pa.word_set | pb.word_set
        word_cos = float(pa.words @ pb.words)
        figure = 1.0 if pa.figures & pb.figures or pa.amounts & pb.amounts else 0.0
        ya, yb = plan_years(a), plan_years(b)
        return [
            float(pa.chars @ pb.chars),
            word_cos,
            len(ca & cb) / len(ca | cb) if ca and cb else 0.0,
            figure,
            1.0 if pa.amounts and pb.amounts and not pa.amounts & pb.amounts else 0.0,
            1.0 if ya and yb and not ya & yb else 0.0,
            math.log1p(len(shared)),
            len(shared) / len(union) if union else 0.0,
            figure * word_cos,
        ]

    def score(self, a: str, b: str, *, area_names: Iterable[str] | None = None) -> float:
        own = self.area_names if area_names is None else self.own_names(area_names)
        if self.vetoed(a, b, own):
            return 0.0
        z = self.intercept + float(self.weights @ np.array(self.features(a, b)))
        return 1.0 / (1.0 + math.exp(-z))


@lru_cache(maxsize=1)
def duplicate_classifier() -> dict[str, float]:
    """The stored weights of ``DuplicateClassifier`` (intercept and one per ``PAIR_FEATURES``)."""
    import json
    from pathlib import Path

    data = json.loads((Path(__file__).resolve().parent / "seed" / "duplicate_classifier.json").read_text())
    return {k: float(v) for k, v in data["weights"].items()}


def fit_logistic(rows: np.ndarray, labels: np.ndarray, l2: float = 1.0, steps: int = 60) -> np.ndarray:
    """Logistic regression by Newton's method with an L2 penalty (not on the intercept) on standardised columns;
    returns the weights on the columns as given (intercept first), so applying them needs no scaling."""
    mean = rows.mean(axis=0)
    scale = rows.std(axis=0)
    scale[scale == 0] = 1.0
    x = np.hstack([np.ones((len(rows), 1)), (rows - mean) / scale])
    y = labels.astype(np.float64)
    w = np.zeros(x.shape[1])
    penalty = np.eye(x.shape[1]) * l2
    penalty[0, 0] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        step = np.linalg.solve((x * (p * (1 - p))[:, None]).T @ x + penalty, x.T @ (p - y) + penalty @ w)
        w -= step
        if float(np.abs(step).max()) < 1e-8:
            break
    coef = w[1:] / scale
    return np.concatenate([[w[0] - float(coef @ mean)], coef])


def keyword_overlap(a: str, b: str) -> float:
    """Baseline: Jaccard overlap of the two items' word sets."""
    wa, wb = set(words(a)), set(words(b))
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / len(wa | wb)
