"""Template format for the first labelled set (set A). Fictional; written for Chumchon.

S(key, topic, labels, bodies, formal_title, formal_detail, plain_title, plain_detail, short_title, short_detail,
  g=alternatives)
  labels   "ns.. mp.. m.. sdg.. b0|b1"
  bodies   three body codes (BODY), one per wording: formal, plain, short
The code is in ../build_common.py (shared with sets B and C); the generator puts bench/data on sys.path.
"""

from build_common import BODY, S, Seed, parse_labels

__all__ = ["BODY", "S", "Seed", "parse_labels"]
