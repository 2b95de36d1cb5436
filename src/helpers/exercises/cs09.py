"""Checks for the exercises of case study 9, Kickstarter without ML (``case_studies/09_kickstarter_without_ml.ipynb``).

Every check rebuilds the notebook's cleaned table from the Kickstarter sample with the notebook's
rules (the constants below: finished states, launch dates from April 2009, amounts in US dollars at
the dataset's conversion, goal and duration buckets) and recomputes its expected answer.

Example:
    >>> from helpers import check
    >>> check.cs09_spike_ratio(None).status
    'unanswered'
    >>> check.cs09_best_duration(30).status
    'incorrect'
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

from helpers.check import Status, as_number, compare_choice, compare_number, exercise, percent_hint

#: Projects whose outcome is known; "live", "undefined" and "suspended" are left out.
FINISHED_STATES = ("successful", "failed", "canceled")
#: Kickstarter opened in April 2009: earlier launch dates are placeholders.
FIRST_LAUNCH = "2009-04-01"
#: The broken country code of the "undefined" rows.
BROKEN_COUNTRY = 'N,0"'
GOAL_BINS = (0, 1_000, 5_000, 10_000, 50_000, 100_000, math.inf)
GOAL_LABELS = ("<1k", "1k-5k", "5k-10k", "10k-50k", "50k-100k", "100k+")
DURATION_BINS = (1, 15, 30, 31, 45, 60, 61, 100)
DURATION_LABELS = ("1-14", "15-29", "30", "31-44", "45-59", "60", "61+")
MIN_PROJECTS = 100


@lru_cache(maxsize=1)
def _clean() -> Any:
    """The notebook's cleaned DataFrame ``df`` (one row per finished project)."""
    import pandas as pd

    from helpers.data import load_kickstarter

    ks = load_kickstarter(verbose=False)
    df = ks[ks["state"].isin(FINISHED_STATES) & (ks["launched"] >= FIRST_LAUNCH)].copy()
    df["state"] = df["state"].cat.remove_unused_categories()
    df["country"] = df["country"].cat.remove_categories([BROKEN_COUNTRY]).cat.remove_unused_categories()
    df["funded"] = df["state"] == "successful"
    df["achievement"] = df["usd_pledged_real"] / df["usd_goal_real"]
    df["duration_days"] = (df["deadline"] - df["launched"].dt.normalize()).dt.days
    df["goal_size"] = pd.cut(df["usd_goal_real"], bins=list(GOAL_BINS), labels=list(GOAL_LABELS), right=False)
    df["duration"] = pd.cut(df["duration_days"], bins=list(DURATION_BINS), labels=list(DURATION_LABELS), right=False)
    return df


@exercise("cs09_tech_small_goal")
def _tech_small_goal(answer: Any) -> tuple[Status, str]:
    """Success rate of Technology projects with a goal below 5,000 USD."""
    df = _clean()
    chosen = df[(df["main_category"] == "Technology") & (df["usd_goal_real"] < 5_000)]
    expected = float(chosen["funded"].mean())
    return compare_number(
        answer, expected, tol=0.002, percent=percent_hint("share"),
        hint=(
            "filter the cleaned df on main_category == 'Technology' and usd_goal_real < 5000 (the goal in US "
            "dollars, not the goal in the project's own currency), then take the mean of the bool column "
            "funded. The widget does the same with rows='goal_size' and a filter on main_category."
        ),
    )


@exercise("cs09_spike_ratio")
def _spike_ratio(answer: Any) -> tuple[Status, str]:
    """Projects ending at 100-110% of their goal, per project ending at 90-100%."""
    df = _clean()
    rate = df["achievement"]
    just_above = int(((rate >= 1.0) & (rate < 1.1)).sum())
    just_below = int(((rate >= 0.9) & (rate < 1.0)).sum())
    expected = just_above / just_below
    hint = (
        "count the projects with 1.0 <= achievement < 1.1 and those with 0.9 <= achievement < 1.0 (two boolean "
        "masks and .sum()), then divide the first count by the second."
    )
    value = as_number(answer)
    if value is not None and math.isfinite(value) and value > 0 and abs(1 / value - expected) <= 0.02 * expected:
        return "incorrect", "almost: that is the ratio the other way round; divide the 'just above' count by the 'just below' count."
    return compare_number(answer, expected, tol=0.02 * expected, hint=hint)


@exercise("cs09_zero_backers_failed")
def _zero_backers_failed(answer: Any) -> tuple[Status, str]:
    """Share of the unfunded projects (failed or canceled) that had no backer at all."""
    df = _clean()
    expected = float((df.loc[~df["funded"], "backers"] == 0).mean())
    return compare_number(
        answer, expected, tol=0.002, percent=percent_hint("share"),
        hint=(
            "keep the projects that were not funded (~df['funded']: failed and canceled ones) and compute the "
            "share of them whose backers column is 0; the denominator is the unfunded projects, not all projects."
        ),
    )


@exercise("cs09_best_duration")
def _best_duration(answer: Any) -> tuple[Status, str]:
    """The duration bucket with the highest success rate, among buckets with at least MIN_PROJECTS projects."""
    hint = (
        f"group the cleaned df by the duration column, compute the success rate (mean of funded) and the number "
        f"of projects per bucket, drop buckets with fewer than {MIN_PROJECTS} projects, and take the label with "
        "the highest rate (idxmax). Give the label as a string, such as '31-44'."
    )
    if not isinstance(answer, str):  # checked before loading the data, so the feedback is quick
        return "incorrect", f"expected a bucket label as a string (for example '31-44'), got {type(answer).__name__}. {hint}"
    df = _clean()
    stats = df.groupby("duration", observed=True)["funded"].agg(["mean", "size"])
    stats = stats[stats["size"] >= MIN_PROJECTS]
    expected = str(stats["mean"].idxmax())
    return compare_choice(
        answer, expected, DURATION_LABELS, hint=hint,
        praise="short campaigns do best here; whether shortening one would help is a question for an experiment.",
    )
