"""Checks for the exercises of case study 9, Kickstarter without ML (``case_studies/09_kickstarter_without_ml.ipynb``).

Every check judges the learner's own data: the notebook passes its cleaned table ``df`` (one row per
finished project, with the columns the lesson adds: ``funded``, ``achievement``, ``duration``, ...),
or the launch dates and the ``MIN_PROJECTS`` it uses, and the check recomputes the expected answer
from them. Two answers are functions, which the check calls on inputs it builds (a month removed
from the learner's launch dates, small hand-made series).

Example:
    >>> from helpers import check
    >>> check.cs09_spike_ratio(None, achievement=[0.97, 1.02, 1.03]).status
    'unanswered'
    >>> check.cs09_spike_ratio(0.5, achievement=[0.97, 1.02, 1.03]).status
    'incorrect'
    >>> check.cs09_spike_ratio(2, achievement=[0.97, 1.02, 1.03]).status
    'correct'
"""

from __future__ import annotations

import math
from typing import Any

from helpers.check import Status, as_number, compare_number, exercise, percent_hint, unjudged
from helpers.i18n import _

#: The three outcome bands of exercise cs09_outcome_split: below half the goal, 50% up to 200%, 200% or more.
SPLIT_EDGES = (0.5, 2.0)
#: The spike exercise's band width around 100%: [1 - w, 1) against [1, 1 + w).
SPIKE_WIDTH = 0.05
TECH_GOAL_BELOW = 5_000
#: Below this many projects just under the goal, the spike ratio's correct answer comes with a warning.
FEW = 30
#: The error rate of the whole family of comparisons with the best sub-category (Bonferroni-split).
FAMILY_ALPHA = 0.05


# --- validating the lesson's data (a wrong object here is a slip in the call, not a wrong answer) ---


def _frame(df: Any, columns: tuple[str, ...]) -> Any:
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"df must be the lesson's cleaned DataFrame `df`, not {type(df).__name__}")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(
            f"df has no column {', '.join(map(repr, missing))}: pass the cleaned table `df` built in section 3 "
            "(it adds funded, achievement, duration, ...), not the raw `ks`"
        )
    if df.empty:
        raise ValueError("df is empty: pass the cleaned table `df` of section 3")
    return df


def _numbers(values: Any, name: str) -> Any:
    import numpy as np

    try:
        array = np.asarray(values, dtype="float64")
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be numbers (the lesson's df['{name}']), not {type(values).__name__}") from None
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"{name} must be a one-dimensional, non-empty series such as df['{name}']")
    return array


def _failure(exc: Exception) -> str:
    return _("your function raised {error}: {detail}.").format(error=type(exc).__name__, detail=str(exc)[:200])


# --- exercise: gaps in the collected data --------------------------------------------------------


def _month_labels(values: Any) -> set[str] | None:
    """The months an answer lists, as 'YYYY-MM' strings, or None if it is not a list of months."""
    import pandas as pd

    if isinstance(values, (str, bytes, dict)) or values is None:
        return None
    if isinstance(values, pd.Series) and values.dtype == bool:
        values = values.index[values.to_numpy()]
    try:
        items = list(values)
    except TypeError:
        return None
    labels = set()
    for item in items:
        try:
            if isinstance(item, pd.Period):
                item = item.to_timestamp()
            labels.add(pd.Timestamp(str(item) if isinstance(item, str) else item).strftime("%Y-%m"))
        except (TypeError, ValueError):
            return None
    return labels


def _gaps(launched: Any, min_launches: int, *, strict: bool = True, keep_empty: bool = True) -> set[str]:
    """Reference: months from the first to the last launch with fewer than ``min_launches`` launches."""
    import pandas as pd

    months = pd.Series(pd.DatetimeIndex(launched).to_period("M"))
    counts = months.value_counts().sort_index()
    if keep_empty:
        counts = counts.reindex(pd.period_range(counts.index.min(), counts.index.max(), freq="M"), fill_value=0)
    low = counts < min_launches if strict else counts <= min_launches
    return {str(p) for p in counts.index[low.to_numpy()]}


def _gap_cases(launched: Any) -> list[tuple[Any, int]]:
    """(launch dates, min_launches) on which the learner's function is called."""
    import numpy as np
    import pandas as pd

    dates = pd.DatetimeIndex(launched).sort_values()
    months = dates.to_period("M")
    middle = pd.Period(dates[len(dates) // 2], freq="M")
    # Remove one month from the learner's data (a crawler that stopped) and thin out the next one.
    holed = dates[months != middle]
    after = middle + 1
    in_after = np.flatnonzero(holed.to_period("M") == after)
    holed = holed.delete(in_after[: max(len(in_after) - 3, 0)])
    small = pd.DatetimeIndex(["2015-01-03", "2015-01-20", "2015-02-11", "2015-05-02", "2015-05-30", "2015-06-01",
                              "2015-06-15", "2015-06-16"])
    return [
        (pd.Series(dates), 1),
        (pd.Series(holed), 1),
        (pd.Series(holed), 4),
        (pd.Series(small), 1),
        (pd.Series(small), 2),
        (pd.Series(dates), 20),
    ]


@exercise("cs09_gap_months")
def _gap_months(answer: Any, *, launched: Any) -> tuple[Status, str]:
    """A function find_gaps(launched, min_launches) -> the months with fewer than min_launches launches."""
    import pandas as pd

    try:
        dates = pd.DatetimeIndex(launched)
    except (TypeError, ValueError):
        raise TypeError(f"launched must be the launch dates (df['launched']), not {type(launched).__name__}") from None
    if len(dates) < 2 or dates.isna().any():
        raise ValueError("launched must hold at least two launch dates and no missing values: pass df['launched']")
    hint = _(
        "count launches per calendar month (for example df.set_index('launched').resample('MS').size(), or "
        "value_counts of .dt.to_period('M') reindexed to every month from the first to the last), keep the "
        "months whose count is below min_launches, and return them as 'YYYY-MM' strings."
    )
    if not callable(answer):
        return "incorrect", _("expected a function find_gaps(launched, min_launches), got {type}.").format(
            type=type(answer).__name__
        ) + " " + hint
    for case, min_launches in _gap_cases(dates):
        expected = _gaps(case, min_launches)
        try:
            result = answer(case.copy(), min_launches)
        except Exception as exc:  # noqa: BLE001 - a learner's function may fail in any way
            return "incorrect", _failure(exc) + " " + hint
        if result is None:
            return "incorrect", _("your function returns None: end it with return and the list of months.")
        got = _month_labels(result)
        if got is None:
            return "incorrect", _(
                "find_gaps should return a list of months such as ['2013-03', '2013-04'], got {type}."
            ).format(type=type(result).__name__)
        if got == expected:
            continue
        if got == _gaps(case, min_launches, keep_empty=False):
            return "incorrect", _(
                "a month with no launch at all is missing from your answer: value_counts and groupby list only "
                "months that occur. Reindex the counts to every month from the first to the last "
                "(pd.period_range), or use resample('MS'), which keeps empty months as 0."
            )
        if got == _gaps(case, min_launches, strict=False):
            return "incorrect", _("keep the months with fewer than min_launches launches (<), not at most (<=).")
        if got < expected:
            return "incorrect", _(
                "your function misses months that should be reported (on a series with {n} launches and "
                "min_launches={k}). {hint}"
            ).format(n=len(case), k=min_launches, hint=hint)
        return "incorrect", _(
            "your function reports months that have enough launches, or lie outside the first and last launch "
            "(on a series with {n} launches and min_launches={k}). {hint}"
        ).format(n=len(case), k=min_launches, hint=hint)
    return "correct", _("that is right: a hole in the collection now shows up before it looks like a trend.")


# --- exercise: a rate and its Wilson interval -------------------------------------------------------


def _three_numbers(answer: Any) -> list[float] | None:
    if isinstance(answer, (str, bytes, dict)):
        return None
    try:
        values = [as_number(v) for v in answer]
    except TypeError:
        return None
    if len(values) != 3 or any(v is None or not math.isfinite(v) for v in values):
        return None
    return values


@exercise("cs09_tech_small_goal")
def _tech_small_goal(answer: Any, *, df: Any) -> tuple[Status, str]:
    """(rate, low, high): the success rate of Technology projects with a goal below 5,000 USD and its Wilson interval."""
    from helpers.stats import proportion_interval

    _frame(df, ("main_category", "usd_goal_real", "goal", "funded"))
    tech = df["main_category"] == "Technology"
    chosen = tech & (df["usd_goal_real"] < TECH_GOAL_BELOW)
    n = int(chosen.sum())
    if n < 10:
        return unjudged(_(
            "your df has {n} Technology projects with a goal below 5,000 dollars: too few for a rate. "
            "Use the cleaned table of section 3 without further filters."
        ).format(n=n))
    k = int(df.loc[chosen, "funded"].sum())
    rate = k / n
    low, high = (float(v) for v in proportion_interval(k, n))
    hint = _(
        "keep the rows with main_category == 'Technology' and usd_goal_real < 5000 (the goal in US dollars), "
        "take the mean of funded as the rate, and proportion_interval(successes, projects) for (low, high). "
        "Answer with three numbers: (rate, low, high)."
    )
    values = _three_numbers(answer)
    if values is None:
        return "incorrect", _("expected three numbers (rate, low, high).") + " " + hint
    own = tech & (df["goal"] < TECH_GOAL_BELOW)
    status, message = compare_number(
        values[0], rate, tol=0.002, hint=hint, percent=percent_hint("rate"),
        mistakes=[
            (float(df.loc[own, "funded"].mean()) if own.any() else math.nan, _(
                "that filters on goal, which is in each project's own currency (pounds, euros, yen...); "
                "compare usd_goal_real with 5,000 dollars."
            )),
            (k / int(tech.sum()), _(
                "that divides the funded small-goal projects by all Technology projects; the rate's denominator "
                "is the small-goal Technology projects only."
            )),
        ],
    )
    if status != "correct":
        return status, message
    low_high = values[1:]
    if max(abs(low_high[0] - low), abs(low_high[1] - high)) <= 0.001:
        if not low_high[0] <= values[0] <= low_high[1]:
            return "incorrect", _("give the numbers in the order (rate, low, high).")
        return "correct", _("that is right: {n} projects pin a rate down to about +/- {half} points.").format(
            n=n, half=round(50 * (high - low))
        )
    if values[1] > values[2]:
        return "incorrect", _("the rate is right; give the interval's lower end before its upper end.")
    half = 1.959964 * math.sqrt(rate * (1 - rate) / n)
    exact = proportion_interval(k, n, method="exact")
    if max(abs(low_high[0] - (rate - half)), abs(low_high[1] - (rate + half))) <= 0.001:
        return "incorrect", _(
            "the rate is right, but that is the textbook (Wald) interval, rate +/- 1.96 standard errors; "
            "use the Wilson interval, proportion_interval(successes, projects)."
        )
    if max(abs(low_high[0] - float(exact[0])), abs(low_high[1] - float(exact[1]))) <= 0.001:
        return "incorrect", _("the rate is right, but that is the exact (Clopper-Pearson) interval; use the Wilson one (the default).")
    if max(abs(low_high[0] * 0.01 - low), abs(low_high[1] * 0.01 - high)) <= 0.001:
        return "incorrect", percent_hint("interval")
    return "incorrect", _(
        "the rate is right, the interval is not: call proportion_interval with the number of funded projects "
        "and the number of projects of that group (counts, not the rate)."
    )


# --- exercise: which sub-categories are within the noise of the best? ---------------------------


def _labels(answer: Any) -> set[str] | None:
    import pandas as pd

    if isinstance(answer, (str, bytes, dict)) or answer is None:
        return None
    if isinstance(answer, pd.Series) and answer.dtype == bool:
        answer = answer.index[answer.to_numpy()]
    if isinstance(answer, pd.DataFrame):
        answer = answer.index
    try:
        items = list(answer)
    except TypeError:
        return None
    if not all(isinstance(item, str) for item in items):
        return None
    return {item.strip() for item in items}


def _tied(
    df: Any, column: str, min_projects: int, *, method: str = "newcombe", filtered: bool = True, corrected: bool = True
) -> set[str]:
    """Groups of ``column`` whose rate cannot be told from the best one's.

    With ``corrected``, each interval for a group's rate minus the best one's is at the Bonferroni level
    ``1 - 0.05 / (groups - 1)`` (the lesson's ``vs_best``): the best is picked on the same data, and there
    are ``groups - 1`` comparisons, so the groups whose interval contains 0 hold the truly best group with
    probability at least 95%. Without it, each interval is a plain 95% one (a likely mistake).
    """
    import numpy as np

    from helpers.stats import diff_confint, proportion_interval

    stats = df.groupby(column, observed=True)["funded"].agg(["sum", "size"])
    if filtered:
        stats = stats[stats["size"] >= min_projects]
    if stats.empty:
        return set()
    x, n = stats["sum"].to_numpy(dtype="float64"), stats["size"].to_numpy(dtype="float64")
    rate = x / n
    best = int(np.argmax(rate))
    confidence = 1 - FAMILY_ALPHA / max(len(x) - 1, 1) if corrected else 1 - FAMILY_ALPHA
    if method == "overlap":
        low, high = proportion_interval(x, n, confidence=confidence)
        keep = np.asarray(high) >= float(np.asarray(low)[best])
    else:
        low, high = diff_confint(x[best], n[best], x, n, method=method, confidence=confidence)
        keep = (np.asarray(low) <= 0) & (np.asarray(high) >= 0)
    keep = np.asarray(keep) | (rate == rate[best])
    return {str(label) for label in stats.index[keep]}


@exercise("cs09_tied_with_best")
def _tied_with_best(answer: Any, *, df: Any, min_projects: Any) -> tuple[Status, str]:
    """The sub-categories (with at least min_projects projects) whose success rate is within the noise of the best one."""
    _frame(df, ("category", "main_category", "funded"))
    k = as_number(min_projects)
    if k is None or not math.isfinite(k) or k < 1 or k != int(k):
        raise ValueError(f"min_projects must be a whole number of at least 1 (the lesson's MIN_PROJECTS), got {min_projects!r}")
    k = int(k)
    expected = _tied(df, "category", k)
    if len(expected) == 0:
        return unjudged(_("no sub-category has {k} projects: lower MIN_PROJECTS (10 to 100 works).").format(k=k))
    hint = _(
        "per sub-category (the column category), count projects and funded ones and keep those with at least "
        "MIN_PROJECTS projects; take the one with the highest rate, and keep every sub-category whose interval "
        "for the difference with it contains 0 (the best one too): diff_confint(..., method='newcombe') at the "
        "confidence 1 - 0.05 / (number of sub-categories - 1), as vs_best does. Answer with a list of names."
    )
    got = _labels(answer)
    if got is None:
        return "incorrect", _("expected a list of sub-category names (strings).") + " " + hint
    if got == expected:
        return "correct", _(
            "that is right: {n} sub-categories cannot be told apart from the best one with this much data."
        ).format(n=len(expected))
    if got == expected - {max(expected, key=lambda c: _rate(df, c))}:
        return "incorrect", _("include the best sub-category itself: it is certainly within the noise of itself.")
    if got == _tied(df, "category", k, corrected=False) or got == _tied(df, "category", k, method="wald", corrected=False):
        return "incorrect", _(
            "that compares every sub-category with the best one at 95% each. The best is picked after looking at "
            "the same data and there are {m} comparisons, so some would look worse by chance: widen each interval "
            "to the confidence 1 - 0.05 / {m} (Bonferroni), as vs_best does."
        ).format(m=_groups(df, k) - 1)
    if got == _tied(df, "category", k, method="overlap") or got == _tied(df, "category", k, method="overlap", corrected=False):
        return "incorrect", _(
            "that keeps the sub-categories whose own intervals overlap the best one's. Two intervals can overlap "
            "while their difference is beyond the noise: compare with an interval for the difference "
            "(diff_confint(..., method='newcombe'), at the corrected confidence)."
        )
    if got == _tied(df, "category", k, method="wald") and got != expected:
        return "incorrect", _("close: with groups this small use Newcombe's interval for the difference, not the Wald one.")
    if got == _tied(df, "category", k, filtered=False):
        return "incorrect", _(
            "leave out the sub-categories with fewer than MIN_PROJECTS projects first: otherwise the 'best' is a "
            "tiny group whose rate is mostly luck, and its wide interval makes everything look tied."
        )
    if got == _tied(df, "main_category", k):
        return "incorrect", _("that ranks the main categories; the exercise asks for the sub-categories (column category).")
    if not got <= set(df["category"].astype(str)):
        return "incorrect", _("some names are not sub-categories of the data: take them from the column category.") + " " + hint
    return "incorrect", hint


def _groups(df: Any, min_projects: int) -> int:
    """The number of sub-categories with at least ``min_projects`` projects."""
    return int((df["category"].value_counts() >= min_projects).sum())


def _rate(df: Any, category: str) -> float:
    return float(df.loc[df["category"].astype(str) == category, "funded"].mean())


# --- exercise: the spike just above the goal ---------------------------------------------------


@exercise("cs09_spike_ratio")
def _spike_ratio(answer: Any, *, achievement: Any) -> tuple[Status, str]:
    """Projects ending in [1, 1.05) of their goal per project ending in [0.95, 1)."""
    rate = _numbers(achievement, "achievement")
    w = SPIKE_WIDTH

    def ratio(above: Any, below: Any) -> float:
        a, b = int(above.sum()), int(below.sum())
        return a / b if b else math.inf

    below = ((rate >= 1 - w) & (rate < 1)).sum()
    if below == 0:
        return unjudged(_(
            "no project in your data ends between 95% and 100% of its goal, so the ratio is infinite. Use the "
            "whole cleaned df['achievement']."
        ))
    expected = ratio((rate >= 1) & (rate < 1 + w), (rate >= 1 - w) & (rate < 1))
    closed = ratio((rate > 1) & (rate <= 1 + w), (rate > 1 - w) & (rate <= 1))
    wide = ratio((rate >= 1) & (rate < 1.1), (rate >= 0.9) & (rate < 1))
    value = as_number(answer)
    if value is not None and math.isfinite(value) and value > 0 and abs(1 / value - expected) <= 0.01 * expected:
        return "incorrect", _("almost: that is the ratio the other way round; divide the 'just above' count by the 'just below' count.")
    status, message = compare_number(
        answer, expected, tol=0.01 * expected,
        hint=_(
            "count the projects with 1.0 <= achievement < 1.05 and those with 0.95 <= achievement < 1.0 (two "
            "boolean masks and .sum()), then divide the first count by the second."
        ),
        mistakes=[
            (closed, _(
                "mind which side 100% falls on: a project that raised exactly its goal is funded, so it belongs "
                "to 'just above' (1.0 <= achievement), not to 'just below' (achievement < 1.0)."
            )),
            (wide, _("that uses bands of 10 points, as in the table above; the exercise asks for 5-point bands.")),
        ],
    )
    if status == "correct" and below < FEW:
        return status, _(
            "that is right, but the ratio rests on only {below} projects just below the goal: one more or one fewer "
            "would move it a lot. Report the two counts, not only their ratio."
        ).format(below=int(below))
    return status, message


# --- exercise: failing without a single backer ------------------------------------------------------


@exercise("cs09_zero_backers_failed")
def _zero_backers_failed(answer: Any, *, df: Any) -> tuple[Status, str]:
    """Share of the unfunded projects (failed or canceled) that had no backer at all."""
    _frame(df, ("funded", "backers", "state"))
    unfunded = ~df["funded"].astype(bool)
    if not unfunded.any():
        return unjudged(_("your df has no unfunded project; use the cleaned table of section 3."))
    zero = df["backers"] == 0
    expected = float(zero[unfunded].mean())
    failed = df["state"].astype(str) == "failed"
    return compare_number(
        answer, expected, tol=0.002, percent=percent_hint("share"),
        hint=_(
            "keep the projects that were not funded (~df['funded']: failed and canceled ones) and compute the "
            "share of them whose backers column is 0."
        ),
        mistakes=[
            (float(zero.mean()), _("that is the share among all projects; the denominator is the unfunded projects only.")),
            (float(zero[failed].mean()) if failed.any() else math.nan, _(
                "that counts failed projects only; canceled projects were not funded either, keep them."
            )),
        ],
    )


# --- exercise: the three-way outcome split, as a report table ---------------------------------------


def _split(df: Any, by: str, *, per_row: bool = True, counts: bool = False) -> Any:
    import numpy as np
    import pandas as pd

    a = df["achievement"].to_numpy(dtype="float64")
    band = np.select([a < SPLIT_EDGES[0], a < SPLIT_EDGES[1]], [0, 1], 2)
    table = pd.crosstab(df[by], band).reindex(columns=[0, 1, 2], fill_value=0)
    if counts:
        return table.astype("float64")
    if per_row:
        return table.div(table.sum(axis=1), axis=0)
    return table / len(df)


def _as_table(answer: Any) -> Any:
    import numpy as np
    import pandas as pd

    if isinstance(answer, pd.DataFrame):
        return answer
    return None if not isinstance(answer, np.ndarray) else pd.DataFrame(answer)


@exercise("cs09_outcome_split")
def _outcome_split(answer: Any, *, df: Any) -> tuple[Status, str]:
    """A table: one row per duration bucket, the shares ending below 50%, at 50% to 200% and at 200% or more of the goal."""
    import numpy as np

    _frame(df, ("duration", "goal_size", "achievement"))
    expected = _split(df, "duration")
    labels = [str(i) for i in expected.index]
    hint = _(
        "give a DataFrame with one row per duration bucket and three columns: the share of its projects with "
        "achievement < 0.5, from 0.5 up to 2.0, and >= 2.0 (each row sums to 1). Cut the achievement into the "
        "three bands (pd.cut(..., right=False)), then pd.crosstab(df['duration'], bands, normalize='index')."
    )
    table = _as_table(answer)
    if table is None:
        return "incorrect", _("expected a DataFrame (one row per duration bucket), got {type}.").format(
            type=type(answer).__name__
        ) + " " + hint
    index = [str(i) for i in table.index]
    if sorted(index) == sorted(str(i) for i in _split(df, "goal_size").index) and sorted(index) != sorted(labels):
        return "incorrect", _("those rows are goal sizes; the exercise asks for one row per duration bucket.")
    if sorted(index) != sorted(labels):
        return "incorrect", _("the rows should be the duration buckets {labels}, got {index}.").format(
            labels=labels, index=index[:10]
        )
    if table.shape[1] != 3:
        return "incorrect", _("expected three columns (below 50%, 50% to 200%, 200% or more), got {n}.").format(n=table.shape[1])
    try:
        values = table.set_axis(index, axis=0).loc[labels].to_numpy(dtype="float64")
    except (TypeError, ValueError):
        return "incorrect", _("the table should hold numbers (shares).") + " " + hint
    if not np.isfinite(values).all():
        return "incorrect", _("the table has missing or infinite values; fill empty bands with 0.") + " " + hint
    target = expected.to_numpy()
    tol = 0.002
    if np.abs(values - target).max() <= tol:
        return "correct", _("that is right: a table a manager can read in ten seconds.")
    if np.abs(values / 100 - target).max() <= tol:
        return "incorrect", percent_hint("shares")
    sizes = _split(df, "duration", counts=True).loc[expected.index].to_numpy().sum(axis=1)
    if np.abs(values.sum(axis=1) - sizes).max() <= 0.5 and np.abs(values / sizes[:, None] - target).max() <= tol:
        return "incorrect", _("those are counts; divide each row by its number of projects (normalize='index').")
    if np.abs(values - _split(df, "duration", per_row=False).loc[expected.index].to_numpy()).max() <= tol:
        return "incorrect", _(
            "those are shares of all projects, so each row sums to its bucket's share of the data; divide by the bucket's "
            "projects instead (normalize='index'), so that every row sums to 1."
        )
    if np.abs(values[:, ::-1] - target).max() <= tol:
        return "incorrect", _("the columns are in reverse order; start with 'below 50%'.")
    if np.abs(values.sum(axis=1) - 1).max() > 0.01:
        return "incorrect", _("each row should sum to 1: every project falls in exactly one of the three bands.") + " " + hint
    return "incorrect", _(
        "the bands are not quite right: below 50% is achievement < 0.5, 200% or more is achievement >= 2.0, and "
        "everything from 0.5 up to 2.0 is in the middle."
    )


# --- exercise: the average pledge per backer -------------------------------------------------------


@exercise("cs09_pledge_per_backer")
def _pledge_per_backer(answer: Any, *, df: Any) -> tuple[Status, str]:
    """Dollars pledged per backer in funded Games projects: total pledged (USD) / total backers."""
    _frame(df, ("main_category", "funded", "backers", "usd_pledged_real", "pledged"))
    games = df["main_category"] == "Games"
    chosen = games & df["funded"].astype(bool)
    backers = float(df.loc[chosen, "backers"].sum())
    if backers == 0:
        return unjudged(_("your df has no backer of a funded Games project; use the cleaned table of section 3."))
    expected = float(df.loc[chosen, "usd_pledged_real"].sum()) / backers
    some = chosen & (df["backers"] > 0)
    per_project = df.loc[some, "usd_pledged_real"] / df.loc[some, "backers"]
    all_games = games & (df["backers"] > 0)
    return compare_number(
        answer, expected, tol=0.5,
        hint=_(
            "keep the funded Games projects, add up their usd_pledged_real and their backers, and divide the "
            "first total by the second."
        ),
        mistakes=[
            (float(per_project.mean()), _(
                "that is the mean of each project's pledge per backer, which counts a project with 3 backers as "
                "much as one with 3,000; divide the total pledged by the total number of backers."
            )),
            (float(per_project.median()), _("that is a median per project; the exercise asks for total pledged / total backers.")),
            (float(df.loc[chosen, "pledged"].sum()) / backers, _(
                "pledged is in each project's own currency; add up usd_pledged_real, the amounts in US dollars."
            )),
            (float(df.loc[all_games, "usd_pledged_real"].sum()) / float(df.loc[all_games, "backers"].sum()), _(
                "that includes the Games projects that were not funded; keep the funded ones only."
            )),
        ],
    )

