"""The exercise checks of case study 9 (helpers/exercises/cs09.py).

``lesson_df`` rebuilds the notebook's cleaned table from the raw Kickstarter sample, with the rules of
case_studies/09_kickstarter_without_ml.ipynb. The right answers are recomputed here independently of the
check module (plain NumPy masks, statsmodels' intervals), under two settings: the notebook's defaults,
and a learner's other data (the projects launched before 2016 only, with MIN_PROJECTS = 30 as in the
course's parameter sweep). A check that judged fixed numbers would fail the second.
"""

from __future__ import annotations

import functools
import math

import numpy as np
import pandas as pd
import pytest
from exercise_contract import assert_wrong_answer_hides_right
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from helpers import check
from helpers.data import load_kickstarter

NAMES = [
    "cs09_gap_months", "cs09_outcome_split", "cs09_pledge_per_backer", "cs09_spike_ratio",
    "cs09_tech_small_goal", "cs09_tied_with_best", "cs09_zero_backers_failed",
]
SEQUENCE_ANSWERS = {"cs09_tech_small_goal": 3}
OTHER_ANSWERS = {"cs09_gap_months", "cs09_outcome_split", "cs09_tied_with_best"}
MIN_PROJECTS = 50  # the notebook's default
GOAL_EDGES = [0, 1_000, 5_000, 10_000, 50_000, 100_000, np.inf]
GOAL_LABELS = ["<1k", "1k-5k", "5k-10k", "10k-50k", "50k-100k", "100k+"]
DURATION_EDGES = [1, 15, 30, 31, 45, 60, 61, 100]
DURATION_LABELS = ["1-14", "15-29", "30", "31-44", "45-59", "60", "61+"]


@functools.cache
def lesson_df() -> pd.DataFrame:
    """The notebook's `df`: finished projects launched from April 2009, with the columns the lesson adds."""
    ks = load_kickstarter(verbose=False)
    keep = ks["state"].astype(str).isin(["successful", "failed", "canceled"]) & (ks["launched"] >= "2009-04-01")
    df = ks[keep].copy()
    df["funded"] = df["state"].astype(str) == "successful"
    df["achievement"] = df["usd_pledged_real"] / df["usd_goal_real"]
    df["zero_backers"] = df["backers"] == 0
    days = (df["deadline"] - df["launched"].dt.normalize()).dt.days
    df["goal_size"] = pd.cut(df["usd_goal_real"], GOAL_EDGES, labels=GOAL_LABELS, right=False)
    df["duration"] = pd.cut(days, DURATION_EDGES, labels=DURATION_LABELS, right=False)
    return df


@functools.cache
def other_df() -> pd.DataFrame:
    """Another learner's data: the projects launched before 2016 (about 70% of them)."""
    df = lesson_df()
    return df[df["launched"] < "2016-01-01"]


def _contexts(df: pd.DataFrame, min_projects: int) -> dict[str, dict]:
    return {
        "cs09_gap_months": {"launched": df["launched"]},
        "cs09_tech_small_goal": {"df": df},
        "cs09_tied_with_best": {"df": df, "min_projects": min_projects},
        "cs09_spike_ratio": {"achievement": df["achievement"]},
        "cs09_zero_backers_failed": {"df": df},
        "cs09_outcome_split": {"df": df},
        "cs09_pledge_per_backer": {"df": df},
    }


@functools.cache
def contexts() -> dict[str, dict]:
    """The keyword arguments each check gets in the notebook, at the default parameters."""
    return _contexts(lesson_df(), MIN_PROJECTS)


SETTINGS = {"defaults": (lesson_df, MIN_PROJECTS), "other data": (other_df, 30)}


# --- right answers, recomputed without the check module ---------------------------------------


def find_gaps(launched, min_launches=1):
    """A reference learner's function, by month numbers (another method than the check's resample)."""
    stamps = pd.DatetimeIndex(launched)
    index = stamps.year.to_numpy() * 12 + stamps.month.to_numpy() - 1
    counts = np.bincount(index - index.min())
    return [f"{(m + index.min()) // 12}-{(m + index.min()) % 12 + 1:02d}" for m in np.flatnonzero(counts < min_launches)]


def tech_small(df):
    mask = (df["main_category"].astype(str) == "Technology").to_numpy() & (df["usd_goal_real"].to_numpy() < 5000)
    k, n = int(df["funded"].to_numpy()[mask].sum()), int(mask.sum())
    low, high = proportion_confint(k, n, alpha=0.05, method="wilson")
    return k / n, low, high


def tied(df, min_projects, column="category", corrected=True):
    """Groups whose Newcombe interval for the difference with the best contains 0, Bonferroni over the comparisons."""
    stats = df.groupby(column, observed=True)["funded"].agg(["sum", "size"])
    stats = stats[stats["size"] >= min_projects]
    rates = stats["sum"] / stats["size"]
    best = rates.idxmax()
    alpha = 0.05 / (len(stats) - 1) if corrected else 0.05
    keep = []
    for name, row in stats.iterrows():
        low, high = confint_proportions_2indep(row["sum"], row["size"], stats.loc[best, "sum"], stats.loc[best, "size"],
                                               method="newcomb", compare="diff", alpha=alpha)
        if low <= 0 <= high:
            keep.append(str(name))
    return sorted(keep)


def spike(achievement):
    a = np.asarray(achievement)
    return np.count_nonzero((a >= 1) & (a < 1.05)) / np.count_nonzero((a >= 0.95) & (a < 1))


def zero_share(df):
    unfunded = ~df["funded"].to_numpy()
    return float(np.mean(df["backers"].to_numpy()[unfunded] == 0))


def split(df):
    a = df["achievement"].to_numpy()
    band = (a >= 0.5).astype(int) + (a >= 2.0)
    rows = {}
    for label in df["duration"].cat.categories:
        in_bucket = (df["duration"] == label).to_numpy()
        if in_bucket.any():
            rows[label] = np.bincount(band[in_bucket], minlength=3) / in_bucket.sum()
    return pd.DataFrame.from_dict(rows, orient="index", columns=["below 50%", "50% to 200%", "200% or more"])


def pledge(df):
    chosen = (df["main_category"].astype(str) == "Games").to_numpy() & df["funded"].to_numpy()
    return df["usd_pledged_real"].to_numpy()[chosen].sum() / df["backers"].to_numpy()[chosen].sum()


RIGHT = {
    "cs09_gap_months": lambda df, k: find_gaps,
    "cs09_tech_small_goal": lambda df, k: tech_small(df),
    "cs09_tied_with_best": lambda df, k: tied(df, k),
    "cs09_spike_ratio": lambda df, k: spike(df["achievement"]),
    "cs09_zero_backers_failed": lambda df, k: zero_share(df),
    "cs09_outcome_split": lambda df, k: split(df),
    "cs09_pledge_per_backer": lambda df, k: pledge(df),
}


def test_the_chapter_has_these_exercises():
    assert check.exercises("cs09") == NAMES
    assert all(check.kind(name) == "code" for name in NAMES)
    assert set(contexts()) == set(NAMES)


@pytest.mark.parametrize("setting", list(SETTINGS))
@pytest.mark.parametrize("name", NAMES)
def test_right_answer_is_correct_under_both_settings(name, setting):
    data, min_projects = SETTINGS[setting]
    df = data()
    feedback = getattr(check, name)(RIGHT[name](df, min_projects), **_contexts(df, min_projects)[name])
    assert feedback.status == "correct", feedback


def test_the_settings_give_different_answers():
    """Otherwise the second setting would not show that the checks follow the learner's data."""
    for name in ["cs09_tech_small_goal", "cs09_spike_ratio", "cs09_zero_backers_failed", "cs09_pledge_per_backer"]:
        default, other = (np.ravel(RIGHT[name](data(), k)) for data, k in SETTINGS.values())
        assert np.abs(default - other).max() > 0.005, name
    assert tied(lesson_df(), MIN_PROJECTS) != tied(other_df(), 30)
    default_answer = RIGHT["cs09_spike_ratio"](lesson_df(), MIN_PROJECTS)
    assert check.cs09_spike_ratio(default_answer, **_contexts(other_df(), 30)["cs09_spike_ratio"]).status == "incorrect"


# --- wrong answers: the mistake-specific hint, never the right value ----------------------------


def wrong(name, right, answer, context=None):
    """The shared rule (exercise_contract): incorrect, with a hint that never shows the right answer."""
    return assert_wrong_answer_hides_right(name, right, answer, **(context or contexts()[name]))


def test_gap_months_mistakes():
    df = lesson_df()
    holed = df.loc[df["launched"].dt.to_period("M") != pd.Period("2013-07", freq="M"), "launched"]
    context = {"launched": holed}
    right = find_gaps(holed)  # the hole, ['2013-07'], must not be shown

    def value_counts_only(launched, min_launches=1):
        counts = launched.dt.to_period("M").value_counts()
        return [str(p) for p in counts.index[counts < min_launches]]

    def at_most(launched, min_launches=1):
        return find_gaps(launched, min_launches + 1)

    def reports_too_much(launched, min_launches=1):
        return [*find_gaps(launched, min_launches), "2030-01"]

    def broken(launched, min_launches=1):
        raise KeyError("launch")

    assert right == ["2013-07"]
    assert "no launch at all" in wrong("cs09_gap_months", right, value_counts_only, context).message
    assert "not at most" in wrong("cs09_gap_months", right, at_most, context).message
    assert "reports months" in wrong("cs09_gap_months", right, reports_too_much, context).message
    assert "raised KeyError" in wrong("cs09_gap_months", right, broken, context).message
    assert "returns None" in wrong("cs09_gap_months", right, lambda launched, k: None, context).message
    assert "list of months" in wrong("cs09_gap_months", right, lambda launched, k: 3, context).message
    assert "expected a function" in wrong("cs09_gap_months", right, right, context).message


def test_gap_months_accepts_periods_timestamps_and_strings():
    as_periods = lambda launched, k: pd.PeriodIndex(find_gaps(launched, k), freq="M")  # noqa: E731
    as_stamps = lambda launched, k: pd.to_datetime(find_gaps(launched, k))  # noqa: E731
    for answer in (as_periods, as_stamps):
        assert check.cs09_gap_months(answer, **contexts()["cs09_gap_months"]).status == "correct"


def test_tech_small_goal_mistakes():
    df = lesson_df()
    rate, low, high = right = tech_small(df)
    k = round(rate * 171)
    assert k == 52  # the notebook's data: 52 of 171 small Technology projects were funded
    wald = 1.959964 * math.sqrt(rate * (1 - rate) / 171)
    exact = proportion_confint(k, 171, method="beta")
    tech = df["main_category"].astype(str) == "Technology"
    own_currency = df.loc[tech & (df["goal"] < 5000), "funded"].mean()
    all_tech = k / tech.sum()
    cases = [
        ((own_currency, low, high), "own currency"),
        ((all_tech, low, high), "denominator"),
        ((rate, rate - wald, rate + wald), "Wald"),
        ((rate, *exact), "Clopper-Pearson"),
        ((rate, high, low), "lower end before"),
        ((100 * rate, low, high), "percentage"),
        ((rate, 100 * low, 100 * high), "percentage"),
        ((rate, low - 0.03, high + 0.03), "counts, not the rate"),
        ((rate,), "three numbers"),
    ]
    for answer, phrase in cases:
        assert phrase in wrong("cs09_tech_small_goal", right, answer).message, answer
    assert check.cs09_tech_small_goal([rate, low, high], df=df).status == "correct"  # a list is fine
    assert check.cs09_tech_small_goal(np.array([rate, low, high]), df=df).status == "correct"


def test_tied_with_best_mistakes():
    df = lesson_df()
    right = tied(df, MIN_PROJECTS)
    stats = df.groupby("category", observed=True)["funded"].agg(["sum", "size"])
    kept = stats[stats["size"] >= MIN_PROJECTS]
    rates = kept["sum"] / kept["size"]
    best = rates.idxmax()
    overlaps = []
    for alpha in (0.05, 0.05 / (len(kept) - 1)):  # plain 95% intervals, and intervals as wide as vs_best's
        low, high = proportion_confint(kept["sum"], kept["size"], alpha=alpha, method="wilson")
        overlaps.append(sorted(kept.index[high >= low[best]].astype(str)))
    uncorrected = tied(df, MIN_PROJECTS, corrected=False)
    assert set(uncorrected) < set(right) < set(overlaps[1])  # 95% each finds too many differences
    assert set(overlaps[0]) != set(right)
    cases = [
        ([c for c in right if c != best], "best sub-category itself"),
        (uncorrected, "95% each"),
        (overlaps[0], "overlap"),
        (overlaps[1], "overlap"),
        (tied(df, 1), "fewer than MIN_PROJECTS"),
        (tied(df, MIN_PROJECTS, column="main_category"), "main categories"),
        ([*right, "Not a sub-category"], "not sub-categories"),
        ("Indie Rock", "list of sub-category names"),
        ([1, 2], "list of sub-category names"),
    ]
    for answer, phrase in cases:
        assert phrase in wrong("cs09_tied_with_best", right, answer).message, answer
    assert check.cs09_tied_with_best(pd.Index(right), **contexts()["cs09_tied_with_best"]).status == "correct"
    assert check.cs09_tied_with_best(kept.index.isin(right) | False, **contexts()["cs09_tied_with_best"]).status == "incorrect"


def test_spike_ratio_mistakes():
    a = lesson_df()["achievement"].to_numpy()
    right = spike(a)
    closed = np.count_nonzero((a > 1) & (a <= 1.05)) / np.count_nonzero((a > 0.95) & (a <= 1))
    ten_points = np.count_nonzero((a >= 1) & (a < 1.1)) / np.count_nonzero((a >= 0.9) & (a < 1))
    assert "other way round" in wrong("cs09_spike_ratio", right, 1 / right).message
    assert "which side 100% falls on" in wrong("cs09_spike_ratio", right, closed).message
    assert "5-point bands" in wrong("cs09_spike_ratio", right, ten_points).message
    assert "divide the first count" in wrong("cs09_spike_ratio", right, right * 1.5).message
    below = np.count_nonzero((a >= 0.95) & (a < 1))
    assert below < 30  # the lesson's data: a handful of projects just below the goal
    feedback = check.cs09_spike_ratio(right, achievement=a)
    assert feedback.status == "correct" and f"only {below} projects" in feedback.message
    many = np.concatenate([a, np.full(40, 0.97)])  # enough near misses: no warning
    feedback = check.cs09_spike_ratio(spike(many), achievement=many)
    assert feedback.status == "correct" and "only" not in feedback.message


def test_zero_backers_mistakes():
    df = lesson_df()
    right = zero_share(df)
    failed = (df["state"].astype(str) == "failed").to_numpy()
    assert "all projects" in wrong("cs09_zero_backers_failed", right, float(df["zero_backers"].mean())).message
    failed_only = float(np.mean(df["backers"].to_numpy()[failed] == 0))
    assert "canceled projects" in wrong("cs09_zero_backers_failed", right, failed_only).message
    assert "percentage" in wrong("cs09_zero_backers_failed", right, 100 * right).message


def test_outcome_split_mistakes():
    df = lesson_df()
    right = split(df)
    shown = right.to_numpy().ravel()  # the values a hint must not show
    sizes = df["duration"].value_counts().reindex(right.index).to_numpy()
    by_goal = pd.crosstab(df["goal_size"], np.digitize(df["achievement"], [0.5, 2.0]), normalize="index")
    cases = [
        (right * sizes[:, None], "counts"),
        (right * sizes[:, None] / len(df), "shares of all projects"),
        (right.iloc[:, ::-1], "reverse order"),
        (100 * right, "percentage"),
        (by_goal, "goal sizes"),
        (right.iloc[:, :2], "three columns"),
        (right.iloc[:4], "duration buckets"),
        (right.assign(**{"below 50%": right.iloc[:, 0] + 0.05, "50% to 200%": right.iloc[:, 1] - 0.05}), "bands are not quite"),
        (right.to_numpy().tolist(), "expected a DataFrame"),
    ]
    for answer, phrase in cases:
        assert phrase in wrong("cs09_outcome_split", shown, answer).message, phrase
    # A learner's own column names, row order and an ndarray-backed frame are fine.
    shuffled = right.iloc[::-1].set_axis(["a", "b", "c"], axis=1)
    assert check.cs09_outcome_split(shuffled, df=df).status == "correct"


def test_pledge_per_backer_mistakes():
    df = lesson_df()
    right = pledge(df)
    games = (df["main_category"].astype(str) == "Games").to_numpy()
    chosen = games & df["funded"].to_numpy()
    per_project = df["usd_pledged_real"].to_numpy()[chosen] / df["backers"].to_numpy()[chosen]
    own_currency = df["pledged"].to_numpy()[chosen].sum() / df["backers"].to_numpy()[chosen].sum()
    everyone = df["usd_pledged_real"].to_numpy()[games].sum() / df["backers"].to_numpy()[games].sum()
    cases = [
        (per_project.mean(), "mean of each project"),
        (np.median(per_project), "median per project"),
        (own_currency, "own currency"),
        (everyone, "not funded"),
        (right + 10, "add up their usd_pledged_real"),
    ]
    for answer, phrase in cases:
        assert phrase in wrong("cs09_pledge_per_backer", right, answer).message, phrase


# --- settings a check cannot judge, and calls with the wrong data ------------------------------


def test_unjudged_settings():
    df = lesson_df()
    no_tech = df[df["main_category"].astype(str) != "Technology"]
    assert check.cs09_tech_small_goal((0.3, 0.2, 0.4), df=no_tech).status == "unjudged"
    assert check.cs09_tied_with_best(["Dance"], df=df, min_projects=100_000).status == "unjudged"
    assert check.cs09_spike_ratio(10, achievement=[0.5, 1.02, 1.5]).status == "unjudged"
    assert check.cs09_zero_backers_failed(0.2, df=df[df["funded"]]).status == "unjudged"
    assert check.cs09_pledge_per_backer(90, df=df[~df["funded"]]).status == "unjudged"


def test_the_wrong_data_is_a_clear_error():
    raw = load_kickstarter(verbose=False)
    with pytest.raises(ValueError, match="cleaned table `df`"):
        check.cs09_zero_backers_failed(0.2, df=raw)
    with pytest.raises(TypeError, match="cleaned DataFrame"):
        check.cs09_pledge_per_backer(90, df=lesson_df()["backers"])
    with pytest.raises(TypeError, match="launch dates"):
        check.cs09_gap_months(find_gaps, launched=object())
    with pytest.raises(ValueError, match="min_projects"):
        check.cs09_tied_with_best(["Dance"], df=lesson_df(), min_projects=0)
    with pytest.raises(TypeError, match="numbers"):
        check.cs09_spike_ratio(2, achievement=["a", "b"])
