"""The pure Alkire–Foster reference (poverty.af) against a published worked example and its identities."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from chumchon.poverty.af import alkire_foster

# Alkire, S. & Foster, J. (2011), "Counting and multidimensional poverty measurement", Journal of
# Public Economics 95(7–8): 476–487, section 2: the illustrative achievement matrix of 4 persons in
# 4 dimensions, also on the authors' slides of the same title (OPHI, 16 June 2008):
# y = [[13.1, 14, 4, 1], [15.2, 7, 5, 0], [12.5, 10, 1, 0], [20, 11, 3, 1]], cutoffs
# z = (13, 12, 3, 1), equal weights. Deprivation counts c = (0, 2, 4, 1). The figures asserted below
# were worked by hand from the paper's definitions (H = q/n, A = Σ c(k)/(qd), M0 = HA).
PUBLISHED_Y = [[Fraction("13.1"), 14, 4, 1], [Fraction("15.2"), 7, 5, 0], [Fraction("12.5"), 10, 1, 0], [20, 11, 3, 1]]
PUBLISHED_Z = [13, 12, 3, 1]
PUBLISHED_G = [[1 if y < z else 0 for y, z in zip(row, PUBLISHED_Z, strict=True)] for row in PUBLISHED_Y]

# A second, hand-made matrix (not from a publication) with a different spread of counts.
Y = [[700, 14, 4, 1], [300, 13, 1, 1], [400, 3, 3, 0], [800, 1, 6, 0]]
Z = [500, 12, 3, 1]
G = [[1 if y < z else 0 for y, z in zip(row, Z, strict=True)] for row in Y]


def test_alkire_foster_2011_worked_example_k2() -> None:
    """Alkire & Foster (2011) section 2 matrix at k = 2: persons 2 and 3 are poor; H = 1/2, A = 3/4, M0 = 3/8."""
    assert [sum(r) for r in PUBLISHED_G] == [0, 2, 4, 1]
    r = alkire_foster(PUBLISHED_G, [1, 1, 1, 1], Fraction(2, 4))
    assert (r.q, r.h, r.a, r.m0) == (2, Fraction(1, 2), Fraction(3, 4), Fraction(3, 8))
    # Censored headcount ratios h_j(k) and M0 = Σ w_j h_j(k).
    assert r.censored_headcount_ratios == (Fraction(1, 4), Fraction(1, 2), Fraction(1, 4), Fraction(1, 2))
    assert sum(Fraction(1, 4) * h for h in r.censored_headcount_ratios) == r.m0
    assert sum(r.contributions) == 1


def test_alkire_foster_2011_worked_example_k3() -> None:
    """Same matrix, k = 3 of 4: only person 3 (deprived in all four) is poor; H = 1/4, A = 1, M0 = 1/4."""
    r = alkire_foster(PUBLISHED_G, [1, 1, 1, 1], Fraction(3, 4))
    assert (r.q, r.h, r.a, r.m0) == (1, Fraction(1, 4), Fraction(1), Fraction(1, 4))


def test_hand_made_example() -> None:
    """c = (0, 2, 3, 2): k = 2 gives H = 3/4, A = 7/12, M0 = 7/16; k = 3 gives H = 1/4, A = 3/4, M0 = 3/16."""
    assert [sum(r) for r in G] == [0, 2, 3, 2]
    r = alkire_foster(G, [1, 1, 1, 1], Fraction(2, 4))
    assert (r.q, r.h, r.a, r.m0) == (3, Fraction(3, 4), Fraction(7, 12), Fraction(7, 16))
    assert r.censored_headcount_ratios == (Fraction(1, 2), Fraction(1, 2), Fraction(1, 4), Fraction(1, 2))
    r = alkire_foster(G, [1, 1, 1, 1], Fraction(3, 4))
    assert (r.q, r.h, r.a, r.m0) == (1, Fraction(1, 4), Fraction(3, 4), Fraction(3, 16))


def test_union_and_intersection_identification() -> None:
    union = alkire_foster(G, [1, 1, 1, 1], Fraction(1, 4))
    intersection = alkire_foster(G, [1, 1, 1, 1], Fraction(1))
    assert union.q == 3 and intersection.q == 0 and intersection.m0 == 0


matrices = st.integers(1, 6).flatmap(
    lambda d: st.tuples(
        st.lists(st.lists(st.integers(0, 1), min_size=d, max_size=d), min_size=1, max_size=25),
        st.lists(st.integers(1, 9), min_size=d, max_size=d),
        st.fractions(min_value=Fraction(1, 20), max_value=1, max_denominator=20),
    )
)


@given(matrices)
def test_m0_equals_weighted_sum_of_censored_headcounts(case) -> None:
    g, weights, k = case
    r = alkire_foster(g, weights, k)
    total = sum(weights)
    assert r.m0 == sum(Fraction(w, total) * h for w, h in zip(weights, r.censored_headcount_ratios, strict=True))
    assert r.m0 == r.h * r.a
    assert r.m0 == 0 or sum(r.contributions) == 1


@given(matrices, st.data())
def test_subgroup_decomposability(case, data) -> None:
    g, weights, k = case
    cut = data.draw(st.integers(0, len(g)))
    whole = alkire_foster(g, weights, k)
    parts = [alkire_foster(part, weights, k) for part in (g[:cut], g[cut:]) if part]
    assert whole.m0 == sum(Fraction(p.n, whole.n) * p.m0 for p in parts)
    assert whole.q == sum(p.q for p in parts)
