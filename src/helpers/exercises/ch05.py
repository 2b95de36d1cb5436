"""Checks for the exercises of chapter 5, Collecting training data (``chapters/05_training_data.ipynb``).

Every check recomputes its expected answer with the notebook's default parameters (the constants
below): the sources table from its assumptions, the simulated crowd from the same seeded random
stream, and the active-learning runs on scikit-learn's digits. If a teacher changes the parameters
in the notebook, the checks still judge the default setting.

Example:
    >>> from helpers import check
    >>> check.ch05_source(None).status
    'unanswered'
    >>> check.ch05_source("a robot").status
    'incorrect'
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from helpers.check import Status, as_number, compare_choice, compare_number, exercise

# The notebook's default parameters (its `parameters` cell).
SEED = 42
N_CROWD_ITEMS = 1_000
SPAM_SHARE = 0.3
SENSITIVITY = (0.92, 0.90, 0.75, 0.95, 0.50)  # P(says spam | spam), annotators A-E
SPECIFICITY = (0.95, 0.93, 0.80, 0.60, 0.50)  # P(says ok | ok)
AL_INITIAL_PER_CLASS = 2
AL_BATCH = 20
AL_BUDGET = 400
AL_RUNS = 10
AL_TARGET = 0.92
AL_TEST_SIZE = 0.3

# Section 1: the assumed sources of labels (cost per label in $, labels per day, label accuracy).
SOURCES = {
    "pretrained model": (0.001, 100_000, 0.75),
    "yourself": (0.50, 400, 0.95),
    "colleagues": (0.40, 300, 0.93),
    "crowd": (0.15, 5_000, 0.90),
    "product usage": (0.0, 50, 0.70),
}
NEEDED_LABELS, MAX_DAYS, MAX_COST, MIN_ACCURACY = 5_000, 5, 1_000, 0.88


@exercise("ch05_source")
def _source(answer: Any) -> tuple[Status, str]:
    """The only source that delivers the labels in time, within budget and accurately enough."""
    fits = [
        name
        for name, (cost, per_day, accuracy) in SOURCES.items()
        if NEEDED_LABELS * cost <= MAX_COST and NEEDED_LABELS / per_day <= MAX_DAYS and accuracy >= MIN_ACCURACY
    ]
    return compare_choice(
        answer,
        fits[0],
        SOURCES,
        hint=(
            f"for {NEEDED_LABELS:,} labels compute each source's cost (labels x cost per label) and days "
            "(labels / labels per day), then keep only the rows that pass all three limits: cost, days and "
            "accuracy. One source fails the accuracy limit even though it is cheap and fast."
        ),
        praise=(
            "only the crowd is fast, cheap and accurate enough at once: the pretrained model is cheaper and "
            "faster but its labels fail the accuracy limit, and every other source is too slow."
        ),
    )


@lru_cache(maxsize=1)
def _crowd() -> tuple[Any, Any]:
    """(truth, labels items x annotators) exactly as the notebook simulates them."""
    import numpy as np

    rng_crowd = np.random.default_rng(SEED).spawn(3)[1]
    truth = (rng_crowd.random(N_CROWD_ITEMS) < SPAM_SHARE).astype(int)
    p_correct = np.where(truth[:, None] == 1, np.array(SENSITIVITY), np.array(SPECIFICITY))
    labels = np.where(rng_crowd.random(p_correct.shape) < p_correct, truth[:, None], 1 - truth[:, None])
    return truth, labels


@exercise("ch05_kappa")
def _kappa(answer: Any) -> tuple[Status, str]:
    """Cohen's kappa between annotators A and D of the crowd."""
    import numpy as np

    from helpers.agreement import cohen_kappa

    _, labels = _crowd()
    a, d = labels[:, 0], labels[:, 3]
    hint = (
        "take columns 0 (A) and 3 (D) of `crowd`. p_o is the share of items on which they give the same "
        "label; p_e = P(A says spam) x P(D says spam) + P(A says ok) x P(D says ok), each share measured "
        "on that annotator's own labels; kappa = (p_o - p_e) / (1 - p_e)."
    )
    praise = (
        "kappa is far below the raw agreement because D says spam so often that much of the agreement "
        "with A would happen by chance anyway."
    )
    status, message = compare_number(answer, cohen_kappa(a, d), tol=0.005, hint=hint, praise=praise)
    value = as_number(answer)
    if status == "incorrect" and value is not None and abs(value - float(np.mean(a == d))) <= 0.005:
        message = "that is the raw agreement p_o; kappa still has to remove the agreement expected by chance. " + hint
    return status, message


@exercise("ch05_best_three")
def _best_three(answer: Any) -> tuple[Status, str]:
    """Accuracy of the majority vote of annotators A, B and C alone."""
    import numpy as np

    truth, labels = _crowd()
    majority = (labels[:, :3].sum(axis=1) >= 2).astype(int)  # three binary votes: never a tie
    expected = float(np.mean(majority == truth))
    return compare_number(
        answer,
        expected,
        tol=0.0015,
        hint=(
            "keep the first three columns of `crowd` (A, B, C), take each item's majority label "
            "(majority_vote, or: at least 2 of the 3 say spam), and compare with `truth`: the share of "
            "matches is the accuracy, a number between 0 and 1."
        ),
        praise=(
            "three better annotators beat the majority of all five: D's and E's votes add more noise than "
            "information, so fewer, better labels can be worth more than many."
        ),
    )


@lru_cache(maxsize=1)
def _margin_labels_needed() -> float:
    """Median number of labels margin sampling needs to reach AL_TARGET (the notebook's loop)."""
    import numpy as np
    from sklearn.datasets import load_digits
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split

    X, y = load_digits(return_X_y=True)
    X = X / 16.0
    X_pool, X_test, y_pool, y_test = train_test_split(X, y, test_size=AL_TEST_SIZE, stratify=y, random_state=SEED)
    needed = []
    for run in range(AL_RUNS):
        rng = np.random.default_rng([SEED, run])
        labelled = np.zeros(len(y_pool), dtype=bool)
        for digit in np.unique(y_pool):
            labelled[rng.choice(np.flatnonzero(y_pool == digit), AL_INITIAL_PER_CLASS, replace=False)] = True
        model = LogisticRegression(max_iter=500, tol=1e-3, warm_start=True)
        reached = np.nan
        while True:
            model.fit(X_pool[labelled], y_pool[labelled])
            if model.score(X_test, y_test) >= AL_TARGET:
                reached = labelled.sum()
                break
            if labelled.sum() >= AL_BUDGET:
                break
            candidates = np.flatnonzero(~labelled)
            top_two = np.sort(model.predict_proba(X_pool[candidates]), axis=1)[:, -2:]
            uncertainty = -(top_two[:, 1] - top_two[:, 0])
            labelled[candidates[np.argsort(-uncertainty, kind="stable")[:AL_BATCH]]] = True
        needed.append(reached)
    return float(np.nanmedian(needed))


@exercise("ch05_margin")
def _margin(answer: Any) -> tuple[Status, str]:
    """Median labels needed by margin sampling to reach the target accuracy."""
    return compare_number(
        answer,
        _margin_labels_needed(),
        tol=0.5,
        hint=(
            "write margin(proba) = -(largest probability - second largest) per row (np.sort along axis=1), "
            "run the active-learning loop with it for every run, take for each run the number of labels at "
            "the first point whose accuracy reaches TARGET_ACCURACY, and report the median over the runs."
        ),
        praise=(
            "margin sampling reaches the target with fewer labels than least confidence and far fewer than "
            "random sampling: a small gap between the top two classes marks the images the model confuses."
        ),
    )
