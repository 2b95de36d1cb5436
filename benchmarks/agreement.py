"""Benchmark: the agreement helpers of chapter 5 against the libraries that compute the same thing.

    python benchmarks/agreement.py [--kappa-items 1000000] [--crowd-items 100000] [--annotators 5]
                                   [--repeats 5] [--seed 0]

``helpers.agreement`` encodes any table of labels (numbers, strings, None for missing) before it
counts, so it does a little more than the libraries, which expect clean inputs. This script times,
side by side in one run and on the same simulated labels, each helper against its reference:

- ``cohen_kappa`` against scikit-learn's ``cohen_kappa_score`` (two annotators, 1,000,000 items,
  three classes; once with integer labels and once with text labels);
- ``fleiss_kappa`` against statsmodels' ``fleiss_kappa`` of the count table that
  ``aggregate_raters`` builds from the same items x annotators table (100,000 items x 5);
- ``majority_vote`` against crowd-kit's ``MajorityVote`` on the same votes in crowd-kit's long
  format (task, worker, label) when crowd-kit is installed. It is not a course requirement (it
  pulls in transformers and nltk); without it the reference is a plain NumPy majority vote
  (``np.unique`` with ``return_inverse``, per-item counts with ``np.bincount``, ``argmax``), and the
  report says so.

Each time is the best of ``--repeats`` runs (the machine is shared; the best run is the least
disturbed). The script also checks that every pair gives the same result (kappas within 1e-12, the
same majority label on every item without a tie) and prints the ratio helper time / reference time.
Exit code 1 if a ratio is above MAX_RATIO (2) or a result differs. ``make bench`` runs it.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from helpers import agreement

MAX_RATIO = 2.0
CLASSES = np.array(["ok", "spam", "unsure"])


def best_time(func: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    """(fastest wall time in seconds over ``repeats`` calls, the result of the last call)."""
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return best, result


def simulate(n_items: int, n_annotators: int, n_classes: int, seed: int) -> np.ndarray:
    """Labels items x annotators: each annotator copies a hidden true class 80% of the time."""
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, n_classes, n_items)
    guesses = rng.integers(0, n_classes, (n_items, n_annotators))
    return np.where(rng.random((n_items, n_annotators)) < 0.8, truth[:, None], guesses)


def numpy_majority_vote(labels: np.ndarray) -> np.ndarray:
    """A plain NumPy majority vote (ties go to the first category): the reference without crowd-kit."""
    categories, codes = np.unique(labels, return_inverse=True)
    codes = codes.reshape(labels.shape)
    k = len(categories)
    rows = np.repeat(np.arange(labels.shape[0]), labels.shape[1])
    counts = np.bincount(rows * k + codes.ravel(), minlength=labels.shape[0] * k).reshape(-1, k)
    return categories[counts.argmax(axis=1)]


def crowdkit_reference(labels: np.ndarray) -> tuple[str, Callable[[], np.ndarray]] | None:
    """crowd-kit's MajorityVote on the same votes in its long format, or None if crowd-kit is absent."""
    try:
        import pandas as pd
        from crowdkit.aggregation import MajorityVote
    except ImportError:
        return None
    n_items, n_annotators = labels.shape
    long = pd.DataFrame({
        "task": np.repeat(np.arange(n_items), n_annotators),
        "worker": np.tile(np.arange(n_annotators), n_items),
        "label": labels.ravel(),
    })

    def run() -> np.ndarray:
        return MajorityVote().fit_predict(long).sort_index().to_numpy()

    return "crowd-kit MajorityVote", run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kappa-items", type=int, default=1_000_000)
    parser.add_argument("--crowd-items", type=int, default=100_000)
    parser.add_argument("--annotators", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    from sklearn.metrics import cohen_kappa_score
    from statsmodels.stats.inter_rater import aggregate_raters
    from statsmodels.stats.inter_rater import fleiss_kappa as statsmodels_fleiss_kappa

    pair = simulate(args.kappa_items, 2, len(CLASSES), args.seed)
    pair_text = CLASSES[pair]
    crowd = simulate(args.crowd_items, args.annotators, 2, args.seed + 1)  # binary votes of an odd crowd: no ties

    majority_reference = crowdkit_reference(crowd)
    note = ""
    if majority_reference is None:
        majority_reference = ("NumPy majority vote", lambda: numpy_majority_vote(crowd))
        note = ("crowd-kit is not installed (it is no course requirement), so majority_vote is compared with a "
                "plain NumPy majority vote (np.unique + np.bincount + argmax)")

    comparisons = [
        (f"cohen_kappa, {args.kappa_items:,} integer labels x 2", "scikit-learn cohen_kappa_score",
         lambda: agreement.cohen_kappa(pair[:, 0], pair[:, 1]), lambda: cohen_kappa_score(pair[:, 0], pair[:, 1])),
        (f"cohen_kappa, {args.kappa_items:,} text labels x 2", "scikit-learn cohen_kappa_score",
         lambda: agreement.cohen_kappa(pair_text[:, 0], pair_text[:, 1]),
         lambda: cohen_kappa_score(pair_text[:, 0], pair_text[:, 1])),
        (f"fleiss_kappa, {args.crowd_items:,} items x {args.annotators}", "statsmodels fleiss_kappa + aggregate_raters",
         lambda: agreement.fleiss_kappa(crowd), lambda: statsmodels_fleiss_kappa(aggregate_raters(crowd)[0])),
        (f"majority_vote, {args.crowd_items:,} items x {args.annotators}", majority_reference[0],
         lambda: agreement.majority_vote(crowd), majority_reference[1]),
    ]

    rows, failures = [], []
    for task, reference, ours, theirs in comparisons:
        ours_s, ours_result = best_time(ours, args.repeats)
        theirs_s, theirs_result = best_time(theirs, args.repeats)
        if np.ndim(ours_result) == 0:
            same = abs(float(ours_result) - float(theirs_result)) <= 1e-12
        else:
            same = np.array_equal(np.asarray(ours_result), np.asarray(theirs_result))
        ratio = ours_s / theirs_s
        rows.append((task, reference, ours_s, theirs_s, ratio, same))
        if not same:
            failures.append(f"{task}: the helper and {reference} disagree")
        if ratio > MAX_RATIO:
            failures.append(f"{task}: the helper is {ratio:.1f}x slower than {reference} (budget {MAX_RATIO:.0f}x)")

    width = max(len(r[0]) for r in rows)
    ref_width = max(len(r[1]) for r in rows)
    print(f"Best of {args.repeats} runs each, same labels for both sides (seed {args.seed}).")
    print(f"{'task':<{width}}  {'reference':<{ref_width}}  {'helper (s)':>10}  {'reference (s)':>13}  {'ratio':>6}  same result")
    for task, reference, ours_s, theirs_s, ratio, same in rows:
        print(f"{task:<{width}}  {reference:<{ref_width}}  {ours_s:>10.3f}  {theirs_s:>13.3f}  {ratio:>6.2f}  {'yes' if same else 'NO'}")
    if note:
        print(f"Note: {note}.")
    worst = max(r[4] for r in rows)
    if failures:
        print("FAILED: " + "; ".join(failures))
        return 1
    print(f"Every helper is within {MAX_RATIO:.0f}x of its reference (worst ratio {worst:.2f}) and gives the same result.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
