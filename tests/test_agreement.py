"""helpers.agreement: kappas against scikit-learn and statsmodels, votes, and Dawid-Skene EM."""

import math
import time

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters
from statsmodels.stats.inter_rater import fleiss_kappa as sm_fleiss_kappa

from helpers import agreement
from helpers.agreement import cohen_kappa, dawid_skene, e_step, encode, fleiss_kappa, m_step, majority_vote, one_hot


def simulate(n_items=400, accuracies=(0.95, 0.9, 0.8, 0.6, 0.5), n_classes=2, seed=0):
    """Items with a known class and annotators who are right with the given probabilities."""
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, n_classes, n_items)
    right = rng.random((n_items, len(accuracies))) < np.array(accuracies)
    other = (truth[:, None] + rng.integers(1, n_classes, (n_items, len(accuracies)))) % n_classes
    return truth, np.where(right, truth[:, None], other)


# --- Cohen's kappa --------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("n_classes", [2, 3, 5])
def test_cohen_kappa_matches_scikit_learn(seed, n_classes):
    _, labels = simulate(n_items=200, n_classes=n_classes, seed=seed)
    for a, b in [(0, 1), (0, 4), (2, 3)]:
        assert cohen_kappa(labels[:, a], labels[:, b]) == pytest.approx(cohen_kappa_score(labels[:, a], labels[:, b]), abs=1e-12)


def test_cohen_kappa_with_string_labels_and_edge_values():
    a = ["spam", "ok", "ok", "spam", "ok", "ok"]
    b = ["spam", "ok", "spam", "spam", "ok", "ok"]
    assert cohen_kappa(a, b) == pytest.approx(cohen_kappa_score(a, b))
    assert cohen_kappa(a, a) == 1.0
    flipped = ["ok" if v == "spam" else "spam" for v in a]
    assert cohen_kappa(a, flipped) == pytest.approx(cohen_kappa_score(a, flipped))
    assert cohen_kappa(a, flipped) < 0
    assert np.isnan(cohen_kappa(["ok"] * 4, ["ok"] * 4))  # undefined: nobody ever varies


def test_cohen_kappa_with_a_category_nobody_used():
    a, b = [0, 1, 1, 0], [0, 1, 0, 0]
    assert cohen_kappa(a, b, categories=[0, 1, 2]) == pytest.approx(cohen_kappa_score(a, b, labels=[0, 1, 2]))


def test_cohen_kappa_validation():
    with pytest.raises(ValueError, match="same items"):
        cohen_kappa([0, 1], [0, 1, 1])
    with pytest.raises(ValueError, match="missing"):
        cohen_kappa([0, None], [0, 1])
    with pytest.raises(TypeError, match="not strings"):
        cohen_kappa("abc", "abd")
    with pytest.raises(ValueError, match="not among the categories"):
        cohen_kappa([0, 1], [0, 2], categories=[0, 1])


# --- Fleiss' kappa --------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("n_classes", [2, 3, 4])
def test_fleiss_kappa_matches_statsmodels(seed, n_classes):
    _, labels = simulate(n_items=150, n_classes=n_classes, seed=seed)
    table, _ = aggregate_raters(labels)
    assert fleiss_kappa(labels) == pytest.approx(sm_fleiss_kappa(table, method="fleiss"), abs=1e-12)


def test_fleiss_kappa_of_two_annotators_is_close_to_cohen():
    # Fleiss' kappa for two annotators is Scott's pi: the same as Cohen's when their label shares match.
    a = np.array([0, 0, 1, 1, 0, 1, 0, 1])
    b = np.array([0, 1, 1, 0, 0, 1, 0, 1])
    assert fleiss_kappa(np.c_[a, b]) == pytest.approx(cohen_kappa(a, b))


def test_fleiss_kappa_validation():
    with pytest.raises(ValueError, match="no missing"):
        fleiss_kappa([[0, 1], [1, None]])
    with pytest.raises(ValueError, match="at least 2 annotators"):
        fleiss_kappa([[0], [1]])
    with pytest.raises(ValueError, match="non-empty"):
        fleiss_kappa(np.empty((0, 3)))
    with pytest.raises(ValueError, match="rectangular"):
        fleiss_kappa([[0, 1], [1]])


# --- encoding and majority vote -------------------------------------------------------------------


def test_encode_handles_missing_values_and_fixed_categories():
    codes, categories = encode([["b", None], [float("nan"), "a"]])
    assert categories == ["a", "b"] and codes.tolist() == [[1, -1], [-1, 0]]
    codes, categories = encode([1, 0, 1], categories=[1, 0])
    assert categories == [1, 0] and codes.ravel().tolist() == [0, 1, 0]
    with pytest.raises(ValueError, match="no label at all"):
        encode([[None, None]])
    with pytest.raises(TypeError, match="categories"):
        encode([[0, 1]], categories="01")
    with pytest.raises(ValueError, match="distinct"):
        encode([[0, 1]], categories=[0, 0, 1])
    with pytest.raises(TypeError, match="single string"):
        encode("spam")


def _encode_by_loop(labels):
    """The definition of encode, one Python label at a time (the implementation before vectorising)."""
    table = np.asarray(labels, dtype=object)
    table = table[:, None] if table.ndim == 1 else table
    values = [v.item() if hasattr(v, "item") else v for v in table.ravel().tolist()]
    missing = [v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)) for v in values]
    categories = sorted({v for v, m in zip(values, missing, strict=True) if not m})
    index = {c: k for k, c in enumerate(categories)}
    codes = [-1 if m else index[v] for v, m in zip(values, missing, strict=True)]
    return np.array(codes).reshape(table.shape), categories


TABLES = {
    "small ints": np.random.default_rng(0).integers(0, 3, (50, 4)),
    "negative and large ints": np.random.default_rng(1).choice([-7, 0, 5, 10**12], (40, 3)),
    "unsigned": np.random.default_rng(2).integers(0, 4, (30, 2)).astype(np.uint8),
    "bools": np.random.default_rng(3).random((30, 3)) < 0.4,
    "floats with NaN": np.where(np.random.default_rng(4).random((40, 3)) < 0.2, np.nan, np.random.default_rng(5).integers(0, 2, (40, 3))),
    "fractional floats": np.random.default_rng(6).choice([0.5, -1.25, 3.0], (20, 2)),
    "strings": np.random.default_rng(7).choice(["spam", "ok", "maybe"], (30, 3)),
    "objects with None and NA": np.array([["spam", None], [pd.NA, "ok"], ["ok", float("nan")], ["spam", "spam"]], dtype=object),
    "list with None": [[1, None, 0], [0, 0, None], [2, 1, 1]],
    "one column": ["b", "a", "c", "a"],
}


@pytest.mark.parametrize("name", list(TABLES))
def test_vectorised_encode_equals_the_label_by_label_definition(name):
    codes, categories = encode(TABLES[name])
    expected_codes, expected_categories = _encode_by_loop(TABLES[name])
    assert codes.tolist() == expected_codes.tolist()
    assert categories == expected_categories
    assert [type(c) for c in categories] == [type(c) for c in expected_categories]  # Python values, not NumPy scalars


def test_encode_reads_data_frames_and_series():
    frame = pd.DataFrame({"you": ["spam", "ok", None], "colleague": ["spam", "spam", "ok"]})
    codes, categories = encode(frame)
    assert categories == ["ok", "spam"] and codes.tolist() == [[1, 1], [0, 1], [-1, 0]]
    assert cohen_kappa(frame["you"].iloc[:2], frame["colleague"].iloc[:2]) == pytest.approx(
        cohen_kappa_score(["spam", "ok"], ["spam", "spam"])
    )


def test_cohen_kappa_reads_lists_arrays_and_mixed_numbers_alike():
    _, labels = simulate(n_items=300, n_classes=3, seed=9)
    a, b = labels[:, 0], labels[:, 2]
    expected = cohen_kappa_score(a, b)
    assert cohen_kappa(a.tolist(), b.tolist()) == pytest.approx(expected, abs=1e-12)
    assert cohen_kappa(a, b.astype(float)) == pytest.approx(expected, abs=1e-12)  # 1 and 1.0 are one category
    assert cohen_kappa(pd.Series(a), tuple(b)) == pytest.approx(expected, abs=1e-12)
    with pytest.raises(TypeError, match="cannot be sorted"):
        cohen_kappa([0, 1], ["0", "1"])


@pytest.mark.parametrize("n_classes", [2, 4])
def test_majority_vote_and_dawid_skene_are_unchanged_by_the_input_type(n_classes):
    _, labels = simulate(n_items=300, n_classes=n_classes, seed=11)
    holes = labels.astype(float)
    holes[np.random.default_rng(1).random(holes.shape) < 0.2] = np.nan
    holes[:, 0] = labels[:, 0]  # every item keeps a label
    as_objects = np.where(np.isnan(holes), None, labels).astype(object)
    assert majority_vote(holes).tolist() == majority_vote(as_objects).tolist()
    assert np.allclose(dawid_skene(holes).posterior, dawid_skene(as_objects).posterior, atol=1e-12)


@pytest.mark.parametrize("seed", range(3))
def test_majority_vote_breaks_ties_exactly_as_the_one_line_definition(seed):
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 3, (500, 4)).astype(object)  # four votes, three classes: many ties
    labels[rng.random(labels.shape) < 0.25] = None
    labels[:, 0] = rng.integers(0, 3, 500)
    codes, categories = encode(labels)
    counts = np.stack([(codes == k).sum(axis=1) for k in range(len(categories))], axis=1).astype(float)
    jitter = np.random.default_rng(seed).random(counts.shape)
    expected = np.argmax(counts + jitter * 0.5 * (counts == counts.max(axis=1, keepdims=True)), axis=1)
    assert majority_vote(labels, random_state=seed).tolist() == np.array(categories)[expected].tolist()


def test_a_million_labels_take_no_python_loop():
    rng = np.random.default_rng(0)
    a = rng.integers(0, 3, 1_000_000)
    b = np.where(rng.random(a.size) < 0.8, a, rng.integers(0, 3, a.size))
    start = time.perf_counter()
    kappa = cohen_kappa(a, b)
    seconds = time.perf_counter() - start
    assert kappa == pytest.approx(cohen_kappa_score(a, b), abs=1e-12)
    assert seconds < 2.0, f"cohen_kappa on 1M labels took {seconds:.1f} s (a loop per label takes about 5 s)"


def test_majority_vote_picks_the_most_frequent_label_and_breaks_ties_reproducibly():
    labels = [["a", "b", "b"], ["a", "a", "b"], ["a", "b", None], ["b", None, None]]
    first = majority_vote(labels, random_state=1)
    assert first[[0, 1, 3]].tolist() == ["b", "a", "b"]
    assert first[2] in {"a", "b"}
    assert majority_vote(labels, random_state=1).tolist() == first.tolist()
    ties = [[0, 1]] * 200
    winners = majority_vote(ties, random_state=0)
    assert 60 < winners.sum() < 140  # ties go both ways, not always to the first category
    assert winners.dtype.kind == "i"


def test_majority_vote_needs_a_label_per_item():
    with pytest.raises(ValueError, match="at least one label"):
        majority_vote([[0, 1], [None, None]])


# --- Dawid-Skene ----------------------------------------------------------------------------------


def test_dawid_skene_beats_majority_vote_when_annotators_differ():
    truth, labels = simulate(n_items=1000, accuracies=(0.9, 0.85, 0.55, 0.5, 0.5), seed=3)
    majority_accuracy = (majority_vote(labels) == truth).mean()
    result = dawid_skene(labels)
    assert result.converged
    assert (result.labels == truth).mean() > majority_accuracy + 0.03
    estimated = result.annotator_accuracy
    actual = (labels == truth[:, None]).mean(axis=0)
    assert np.abs(estimated - actual).max() < 0.05
    assert np.allclose(result.posterior.sum(axis=1), 1)
    assert np.all(np.diff(result.log_likelihood) >= -1e-9)  # EM never goes downhill


def test_dawid_skene_learns_a_one_sided_bias():
    rng = np.random.default_rng(7)
    truth = (rng.random(2000) < 0.3).astype(int)
    careful = np.where(rng.random((2000, 3)) < 0.95, truth[:, None], 1 - truth[:, None])
    trigger_happy = np.where(truth == 1, 1, (rng.random(2000) < 0.5).astype(int))  # says 1 for half the 0s
    labels = np.c_[careful, trigger_happy]
    confusion = dawid_skene(labels).confusion
    assert confusion[3, 1, 1] > 0.95 and 0.4 < confusion[3, 0, 1] < 0.6


def test_dawid_skene_with_missing_labels_and_three_classes():
    truth, labels = simulate(n_items=600, accuracies=(0.9, 0.8, 0.7, 0.7), n_classes=3, seed=5)
    labels = labels.astype(object)
    labels[np.random.default_rng(0).random(labels.shape) < 0.3] = None
    labels[:, 0][np.all(labels == None, axis=1)] = 0  # noqa: E711 - keep at least one label per item
    result = dawid_skene(labels)
    assert result.posterior.shape == (600, 3)
    assert (result.labels == truth).mean() > 0.8


def test_one_em_iteration_by_hand_equals_the_steps():
    truth, labels = simulate(n_items=50, seed=1)
    votes, _ = one_hot(labels)
    posterior = agreement.vote_shares(labels)
    priors, confusion = m_step(votes, posterior)
    posterior, log_likelihood = e_step(votes, priors, confusion)
    once = dawid_skene(labels, max_iter=1)
    assert np.allclose(once.posterior, posterior) and once.log_likelihood == [log_likelihood]
    assert not once.converged


def test_dawid_skene_validation():
    with pytest.raises(ValueError, match="max_iter"):
        dawid_skene([[0, 1]], max_iter=0)
    with pytest.raises(ValueError, match="tol"):
        dawid_skene([[0, 1]], tol=0)
    votes, _ = one_hot([[0, 1], [1, 1]])
    with pytest.raises(ValueError, match="posterior must have shape"):
        m_step(votes, np.ones((3, 2)))
    with pytest.raises(ValueError, match="smoothing"):
        m_step(votes, np.ones((2, 2)) / 2, smoothing=-1)
    with pytest.raises(ValueError, match="3-D"):
        e_step(np.ones((2, 2)), np.ones(2) / 2, np.ones((2, 2, 2)) / 2)
    with pytest.raises(ValueError, match="confusion"):
        e_step(votes, np.ones(2) / 2, np.ones((3, 2, 2)) / 2)
