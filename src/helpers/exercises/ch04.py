"""Checks for the exercises of chapter 4, Putting ML into a system (``chapters/04_system_integration.ipynb``).

Every check judges the learner's own notebook: the call passes the data the lesson built (the day's
visits, the timings of the API calls, the prediction log and the outcomes table, the training table
of the leak section) and the parameters it used, and the expected answer is computed from them.
Nothing here stores the notebook's defaults. Exercises answered with a function (the serving
decision, the log join, the leak test) are also run on small inputs the check builds, with the edge
cases that tell the likely mistakes apart.

Example:
    >>> from helpers import check
    >>> check.ch04_staleness(None).status
    'unanswered'
    >>> import numpy as np
    >>> hours = np.array([1.0, 7.0, 13.0, 23.0])  # since the 02:00 run; runs every 6 hours
    >>> check.ch04_staleness(2.0, hours_since_batch=hours, runs_per_day=4).status
    'correct'
    >>> check.ch04_staleness(11.0, hours_since_batch=hours, runs_per_day=4).message
    'that is the age with one run a night; with more runs, count from the latest run before each visit.'
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from helpers.check import Status, as_number, compare_number, exercise, lesson_array, percent_hint, unjudged
from helpers.i18n import _

SERVING_VERDICTS = ("api", "batch", "unsure")


# --- validating what the notebook passes in ---------------------------------------------------------------


def _vector(values: Any, name: str, *, low: float = -math.inf, high: float = math.inf) -> np.ndarray:
    """A one-dimensional array of finite floats within [low, high], or an error naming ``name``."""
    return lesson_array(values, name, low=low, high=high)


def _probability(value: Any, name: str) -> float:
    number = as_number(value)
    if number is None or not 0 < number < 1:
        raise ValueError(f"{name} must be a number between 0 and 1, got {value!r}")
    return number


def _frame(table: Any, name: str, columns: Iterable[str]) -> Any:
    """``table`` as a DataFrame that has ``columns``, or a ValueError that says what to pass."""
    import pandas as pd

    columns = list(columns)
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{name} must be the notebook's DataFrame `{name}` (columns {columns}), not {type(table).__name__}")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(f"{name} lacks the columns {missing}: pass the notebook's `{name}`")
    return table


def _error(exc: Exception) -> str:
    return f"{type(exc).__name__}: {str(exc)[:120]}"


# --- exercise 1: staleness with four batch runs a day ----------------------------------------------------


@exercise("ch04_staleness")
def _staleness(answer: Any, *, hours_since_batch: Any, runs_per_day: Any) -> tuple[Status, str]:
    """Mean age (hours) of the stored score at the visits when the batch job runs ``runs_per_day`` times a day."""
    hours = _vector(hours_since_batch, "hours_since_batch", low=0, high=24)
    runs = as_number(runs_per_day)
    if runs is None or runs != int(runs) or runs < 1:
        raise ValueError(f"runs_per_day must be a whole number of runs, got {runs_per_day!r}")
    if 24 % int(runs):
        return unjudged(_(
            "with {runs} runs a day the runs cannot be evenly spaced over 24 hours; use 1, 2, 3, 4, 6, 8, 12 or 24."
        ).format(runs=int(runs)))
    interval = 24 / runs
    expected = float((hours % interval).mean())
    return compare_number(
        answer,
        expected,
        tol=0.01,
        hint=_(
            "with a run every {interval:g} hours, the latest run before a visit happened (hours_since_batch modulo "
            "{interval:g}) hours earlier; average that over all visits (the % operator works on a whole Series). "
            "The answer is in hours."
        ).format(interval=interval),
        mistakes=[
            (float(hours.mean()), _("that is the age with one run a night; with more runs, count from the latest run before each visit.")),
            (float(hours.mean()) / runs, _(
                "almost: dividing the nightly mean by the number of runs assumes the age shrinks in proportion; "
                "compute each visit's age since its latest run (modulo the interval) and average those."
            )),
            (interval / 2, _(
                "that is the average for visits spread perfectly evenly; compute it on these visits, whose times are random."
            )),
            (60 * expected, _("almost: that looks like minutes; give the age in hours.")),
        ],
        praise=_("more runs cut the age of the stored score, but every run costs compute and a new table to check."),
    )


# --- exercise 2: batch or API? a decision on an interval ----------------------------------------------------


def _serving_rule(method: str, *, scale: bool = True, point: bool = False, swapped: bool = False) -> Callable[..., str]:
    """The decision rule (and its likely wrong variants) as a function of the five numbers."""
    from helpers.stats import proportion_interval

    def rule(missed: float, visits: float, visits_per_day: float, value_per_miss: float, api_cost_per_day: float) -> str:
        rate = missed / visits
        if method == "wald":
            half = 1.959964 * math.sqrt(rate * (1 - rate) / visits)
            low, high = max(rate - half, 0.0), min(rate + half, 1.0)
        else:
            low, high = (float(v) for v in proportion_interval(missed, visits, method=method))
        per_day = visits_per_day if scale else visits
        if point:
            return "api" if rate * per_day * value_per_miss > api_cost_per_day else "batch"
        loss_low, loss_high = low * per_day * value_per_miss, high * per_day * value_per_miss
        if swapped:
            return "api" if loss_high > api_cost_per_day else ("batch" if loss_low < api_cost_per_day else "unsure")
        if loss_low > api_cost_per_day:
            return "api"
        if loss_high < api_cost_per_day:
            return "batch"
        return "unsure"

    return rule


# (missed, visits, visits_per_day, value_per_miss, api_cost_per_day): chosen so that Wilson and exact
# intervals agree, and each likely mistake gives another verdict on at least one case.
_SERVING_CASES = [
    (30, 500, 2_000, 3.0, 100.0),  # api whatever the method
    (5, 500, 2_000, 3.0, 200.0),  # batch
    (23, 500, 2_000, 3.0, 220.0),  # point estimate above the cost, low end below: unsure
    (23, 500, 2_000, 3.0, 330.0),  # point estimate below the cost, high end above: unsure
    (23, 500, 20_000, 3.0, 1_000.0),  # api once scaled to the day's visits, batch if not
    (0, 500, 2_000, 3.0, 10.0),  # no miss seen: Wilson's high end is not 0, so unsure (Wald says batch)
    (460, 10_000, 2_000, 3.0, 250.0),  # a large sample: a narrow interval, api
]


@exercise("ch04_serving_decision")
def _serving_decision(
    answer: Any, *, missed: Any, visits: Any, visits_per_day: Any, value_per_miss: Any, api_cost_per_day: Any
) -> tuple[Status, str]:
    """A function choose_serving(missed, visits, visits_per_day, value_per_miss, api_cost_per_day) -> 'api'/'batch'/'unsure'."""
    numbers_given = {}
    for name, value in [("missed", missed), ("visits", visits), ("visits_per_day", visits_per_day),
                        ("value_per_miss", value_per_miss), ("api_cost_per_day", api_cost_per_day)]:
        number = as_number(value)
        if number is None or not math.isfinite(number) or number < 0:
            raise ValueError(f"{name} must be a number that is not negative, got {value!r}")
        numbers_given[name] = number
    if numbers_given["visits"] < 1 or numbers_given["missed"] > numbers_given["visits"] or numbers_given["missed"] != int(numbers_given["missed"]):
        raise ValueError(f"missed must be a count between 0 and visits, got missed={missed!r}, visits={visits!r}")
    hint = _(
        "write a function choose_serving(missed, visits, visits_per_day, value_per_miss, api_cost_per_day) that "
        "returns 'api', 'batch' or 'unsure': take the 95% interval of missed / visits with proportion_interval, turn "
        "both ends into dollars per day (x visits_per_day x value_per_miss), and compare them with api_cost_per_day."
    )
    if not callable(answer):
        return "incorrect", _("expected a function, got {type}.").format(type=type(answer).__name__) + " " + hint
    lesson_case = (int(numbers_given["missed"]), int(numbers_given["visits"]), numbers_given["visits_per_day"],
                   numbers_given["value_per_miss"], numbers_given["api_cost_per_day"])
    cases = [lesson_case, *_SERVING_CASES]
    got = []
    for case in cases:
        try:
            verdict = answer(*case)
        except Exception as exc:  # noqa: BLE001 - a learner's function may fail in any way
            return "incorrect", _("your function raised {error} for the numbers {case}.").format(error=_error(exc), case=case) + " " + hint
        if not isinstance(verdict, str) or verdict.strip().lower() not in SERVING_VERDICTS:
            return "incorrect", _("your function must return one of the words 'api', 'batch' or 'unsure'; for {case} it "
                                  "returned {value}.").format(case=case, value=repr(verdict)[:60])
        got.append(verdict.strip().lower())

    def matches(rule: Callable[..., str]) -> bool:
        return all(g == rule(*c) for g, c in zip(got, cases, strict=True))

    right = [_serving_rule("wilson"), _serving_rule("exact")]
    if all(any(g == rule(*c) for rule in right) for g, c in zip(got, cases, strict=True)):
        return "correct", _(
            "an 'unsure' is an answer too: it says the visits measured so far cannot tell whether the API pays for "
            "itself, and how many more would (the interval narrows like one over the square root of the visits)."
        )
    mistakes = [
        (_serving_rule("wilson", point=True), _(
            "that decides on the point estimate alone; decide 'api' only when even the low end of the interval pays "
            "for the server, 'batch' only when even the high end does not, and 'unsure' in between."
        )),
        (_serving_rule("wilson", scale=False), _(
            "the misses were counted on a sample of visits; the server's cost is per day, so scale the share of "
            "missed visits to visits_per_day (not to the number of visits in the sample)."
        )),
        (_serving_rule("wald"), _(
            "almost: with few misses the textbook interval (rate +/- 1.96 standard errors) is too narrow and collapses "
            "to zero width when no miss was seen; use helpers.stats.proportion_interval (Wilson)."
        )),
        (_serving_rule("wilson", swapped=True), _(
            "the ends are swapped: the API is worth it when the low end of the daily loss is above its cost, and "
            "batch is enough when the high end is below it."
        )),
    ]
    for rule, message in mistakes:
        if matches(rule):
            return "incorrect", message
    wrong = next(c for g, c in zip(got, cases, strict=True) if g != _serving_rule("wilson")(*c))
    return "incorrect", _("for the numbers {case} your function's verdict differs from the rule.").format(case=wrong) + " " + hint


# --- exercise 3: a latency percentile ---------------------------------------------------------------------------


@exercise("ch04_latency_p99")
def _latency_p99(answer: Any, *, times_ms: Any) -> tuple[Status, str]:
    """The 99th percentile of the API's timings (milliseconds)."""
    times = np.sort(_vector(times_ms, "times_ms", low=0))
    n = times.size
    if n < 100:
        return unjudged(_(
            "with {n} timings the 99th percentile is little more than the slowest call; time at least 100 calls "
            "(N_VISITS >= 100)."
        ).format(n=n))
    hint = _(
        "the 99th percentile is the time that 99% of the calls stay under: np.percentile(api_ms, 99) (or "
        "pd.Series(api_ms).quantile(0.99)), in milliseconds."
    )
    value = as_number(answer)
    if value is None or not math.isfinite(value):
        return "incorrect", (_("expected a single finite number, got {answer}.").format(answer=repr(answer)[:40]) + " " + hint)
    position = 0.99 * (n - 1)
    low, high = times[max(math.floor(position) - 1, 0)], times[min(math.ceil(position) + 1, n - 1)]
    if low - 1e-9 <= value <= high + 1e-9:  # every usual definition of a percentile lands here
        return "correct", _(
            "a tail percentile rests on a handful of calls (about {k} of your {n} are slower), so it moves a lot from "
            "run to run: judge an objective on many requests over days, not on one notebook run."
        ).format(k=max(round(0.01 * n), 1), n=n)
    p99 = float(np.percentile(times, 99))
    mistakes = [
        (float(np.percentile(times, 95)), _("that is the 95th percentile; the objective is stated for 99% of the calls.")),
        (float(np.median(times)), _("that is the median, the typical call; the objective is about the slow tail.")),
        (float(times.mean()), _("that is the mean; a latency objective is stated as a percentile of the calls.")),
        (float(times[-1]), _("that is the slowest call; the 99th percentile leaves out the slowest 1%.")),
        (float(np.percentile(times, 1)), _("that is the 1st percentile, the fastest calls; take the 99th.")),
        (p99 / 1_000, _("almost: that looks like seconds; api_ms is in milliseconds already.")),
    ]
    for wrong, message in mistakes:
        if abs(value - wrong) <= 1e-6 + 1e-3 * abs(wrong) and not low <= wrong <= high:
            return "incorrect", message
    return "incorrect", hint


# --- exercise 4: joining outcomes to the log -------------------------------------------------------------------


def _stamp(base: Any, days: float) -> str:
    from datetime import timedelta

    return (base + timedelta(days=days)).isoformat(timespec="microseconds")


def _join_cases() -> tuple[Any, Any, int]:
    """Small predictions and outcomes tables with the edge cases that separate the likely mistakes."""
    from datetime import UTC, datetime

    import pandas as pd

    t0 = datetime(2024, 6, 3, 10, 0, tzinfo=UTC)
    predictions = pd.DataFrame({
        "prediction_id": ["p1", "p2", "p3", "p4", "p5", "p6"],
        "request_id": ["r1", "r2", "r3", "r4", "r5", "r6"],
        "received_at": [_stamp(t0, 0), _stamp(t0, 1 / 24), _stamp(t0, 0), _stamp(t0, 0), _stamp(t0, 0), _stamp(t0, 35)],
        "customer_id": ["A", "B", "C", "D", "E", "E"],
        "churn_probability": [0.7, 0.2, 0.5, 0.1, 0.3, 0.6],
    })
    outcomes = pd.DataFrame({
        "customer_id": ["A", "B", "B", "C", "E", "E"],
        "observed_at": [
            _stamp(t0, 28),  # exactly at the end of the window: counts
            _stamp(t0, -5),  # last period's outcome, before the prediction
            _stamp(t0, 10),
            _stamp(t0, 40),  # too late: the next period's outcome
            _stamp(t0, 20),  # E's first period (and, for p6, an outcome from before it)
            _stamp(t0, 50),  # E's second period
        ],
        "churned": [1, 0, 1, 1, 0, 1],
    })
    return predictions, outcomes, 28


def _join(predictions: Any, outcomes: Any, window_days: float, *, lower: bool = True, upper: bool = True,
          strict: bool = False) -> list[tuple[str, int]]:
    """(prediction_id, churned) pairs of the join, sorted; the flags switch parts of the time condition off."""
    import pandas as pd

    pairs = predictions[["prediction_id", "customer_id", "received_at"]].merge(
        outcomes[["customer_id", "observed_at", "churned"]], on="customer_id"
    )
    delay = pd.to_datetime(pairs["observed_at"], utc=True, format="ISO8601") - pd.to_datetime(pairs["received_at"], utc=True, format="ISO8601")
    keep = np.ones(len(pairs), dtype=bool)
    window = pd.Timedelta(days=window_days)
    if lower:
        keep &= (delay >= pd.Timedelta(0)).to_numpy()
    if upper:
        keep &= ((delay < window) if strict else (delay <= window)).to_numpy()
    chosen = pairs.loc[keep]
    return sorted(zip(chosen["prediction_id"].astype(str), chosen["churned"].astype(int), strict=True))


def _learner_pairs(result: Any) -> tuple[list[tuple[str, int]] | None, str]:
    """The learner's table as sorted (prediction_id, churned) pairs, or None and the reason."""
    import pandas as pd

    if not isinstance(result, pd.DataFrame):
        return None, _("your function must return a DataFrame, got {type}.").format(type=type(result).__name__)
    missing = [c for c in ("prediction_id", "churned") if c not in result.columns]
    if missing:
        return None, _("the table your function returns needs the columns prediction_id and churned (missing: {missing}).").format(
            missing=", ".join(missing))
    labels = pd.to_numeric(result["churned"], errors="coerce")
    if labels.isna().any():
        return None, _(
            "some predictions come back without a label (NaN): a left join keeps predictions whose outcome is not in "
            "yet; keep only the predictions that have an outcome in the window (an inner join)."
        )
    if not labels.isin([0, 1]).all():
        return None, _("churned must hold the outcomes 0 and 1 from the outcomes table.")
    return sorted(zip(result["prediction_id"].astype(str), labels.astype(int), strict=True)), ""


@exercise("ch04_log_join")
def _log_join(answer: Any, *, predictions: Any, outcomes: Any, window_days: Any) -> tuple[Status, str]:
    """A function label_predictions(predictions, outcomes, window_days) -> table of prediction_id, churned."""
    predictions = _frame(predictions, "predictions", ["prediction_id", "customer_id", "received_at"])
    outcomes = _frame(outcomes, "outcomes", ["customer_id", "observed_at", "churned"])
    window = as_number(window_days)
    if window is None or not 0 < window < 3_650:
        raise ValueError(f"window_days must be a positive number of days, got {window_days!r}")
    hint = _(
        "write a function label_predictions(predictions, outcomes, window_days): merge the two tables on "
        "customer_id, convert received_at and observed_at with pd.to_datetime, keep the rows whose outcome was "
        "observed between 0 and window_days days after the prediction (both ends included), and return the "
        "columns prediction_id and churned."
    )
    if not callable(answer):
        return "incorrect", _("expected a function, got {type}.").format(type=type(answer).__name__) + " " + hint
    small, small_outcomes, small_window = _join_cases()
    runs = [(predictions, outcomes, window), (small, small_outcomes, small_window)]
    results = []
    for table, outcome_table, days in runs:
        try:
            result = answer(table.copy(), outcome_table.copy(), days)
        except Exception as exc:  # noqa: BLE001 - a learner's function may fail in any way
            return "incorrect", _("your function raised {error}.").format(error=_error(exc)) + " " + hint
        got, problem = _learner_pairs(result)
        if got is None:
            return "incorrect", problem
        results.append(got)

    def matches(**flags: bool) -> bool:
        return all(got == _join(t, o, d, **flags) for got, (t, o, d) in zip(results, runs, strict=True))

    if not matches():
        diagnoses = [
            (dict(lower=False, upper=False), _(
                "the time condition is missing, so some predictions get two labels (a customer's outcomes from other "
                "periods come along): keep only outcomes observed between 0 and window_days days after the prediction."
            )),
            (dict(upper=False), _(
                "an outcome observed more than window_days after the prediction belongs to a later period; add the "
                "upper end of the window."
            )),
            (dict(lower=False), _(
                "an outcome observed before the prediction belongs to an earlier period (a label from the past); keep "
                "only outcomes observed at or after received_at."
            )),
            (dict(strict=True), _(
                "almost: an outcome observed exactly window_days after the prediction is inside the window; use <= "
                "for the upper end."
            )),
        ]
        for flags, message in diagnoses:
            if matches(**flags):
                return "incorrect", message
        if any(len({pid for pid, _label in got}) < len(got) for got in results):
            return "incorrect", _(
                "some predictions get two labels: keep only the outcome observed within the window after each "
                "prediction."
            )
        return "incorrect", _("your table differs from the windowed join (rows missing, extra or with another label).") + " " + hint
    return "correct", _(
        "the same join in SQL and in pandas gives the same labels; the time window is what keeps a customer's other "
        "periods out of the training set."
    )


# --- exercise 5: precision read from the log ---------------------------------------------------------------------


@exercise("ch04_log_precision")
def _log_precision(answer: Any, *, labelled: Any, logged: Any, visits: Any, threshold: Any) -> tuple[Status, str]:
    """Share of churners among the labelled predictions scored at or above the offer threshold."""
    labelled = _frame(labelled, "labelled", ["customer_id", "churn_probability", "churned"])
    logged = _frame(logged, "logged", ["customer_id", "churn_probability"])
    visits = _frame(visits, "visits", ["customer_id", "fresh_score", "stored_score", "churned"])
    threshold = _probability(threshold, "threshold")
    flagged = labelled["churn_probability"].to_numpy() >= threshold
    churned = labelled["churned"].to_numpy(dtype=float)
    if not flagged.any():
        return unjudged(_(
            "no labelled prediction reaches the threshold {threshold}, so the offer's precision is not defined; "
            "use a lower OFFER_THRESHOLD (0.2 to 0.5)."
        ).format(threshold=threshold))
    expected = float(churned[flagged].mean())
    flagged_visits = visits["fresh_score"].to_numpy() >= threshold
    known = visits["customer_id"].isin(labelled["customer_id"]).to_numpy()
    stored_known = (visits["stored_score"].to_numpy() >= threshold) & known
    n_logged_flagged = int((logged["churn_probability"].to_numpy() >= threshold).sum())
    mistakes = [
        (float(visits.loc[flagged_visits, "churned"].mean()), _(
            "that counts every flagged visit, including those whose outcome is not in the log yet: the simulation "
            "knows their future, the retention team does not. Use the joined table `labelled` only."
        )),
        (float(churned[flagged].sum() / n_logged_flagged) if n_logged_flagged else math.nan, _(
            "that divides by every flagged prediction in the log, so the ones without an outcome count as customers "
            "who stayed; divide by the flagged predictions that have an outcome."
        )),
        (float(visits.loc[stored_known, "churned"].mean()) if stored_known.any() else math.nan, _(
            "that uses the batch table's stored scores; the log holds what the API answered (churn_probability)."
        )),
        (float(churned.mean()), _(
            "that is the churn rate of all labelled predictions; keep only those at or above OFFER_THRESHOLD."
        )),
        (float(churned[flagged].sum() / churned.sum()) if churned.sum() else math.nan, _(
            "that is the recall (the share of churners who were flagged); precision is the share of churners among "
            "the flagged."
        )),
    ]
    return compare_number(
        answer,
        expected,
        tol=0.001,
        hint=_(
            "work on the joined table `labelled` (predictions from the log with their outcomes): keep the rows whose "
            "churn_probability is at least OFFER_THRESHOLD and take the mean of `churned`. In SQL: AVG(o.churned) "
            "with WHERE p.churn_probability >= ? in the join query. Give a share between 0 and 1."
        ),
        percent=percent_hint(_("share")),
        mistakes=mistakes,
        praise=_(
            "that is the precision the retention team sees in production, on {n} flagged customers with an outcome: "
            "proportion_interval gives its interval, a wide one."
        ).format(n=int(flagged.sum())),
    )


# --- exercise 6: a label-leak test -------------------------------------------------------------------------------


def _leak_table() -> Any:
    """A small training table with an honest feature, two leaks (one in each direction) and an id column."""
    import pandas as pd

    rng = np.random.default_rng(404)
    n = 400
    label = (rng.random(n) < 0.3).astype(int)
    return pd.DataFrame({
        "customer_id": [f"x{i:04d}" for i in range(n)],
        "honest": 0.8 * label + rng.normal(0, 1, n),
        "refund_requested_after": 3.0 * label + rng.normal(0, 0.5, n),
        "days_until_cancellation": -3.0 * label + rng.normal(0, 0.5, n),
        "plan_price": np.full(n, 20.0),
        "left": label,
    })


def _suspects(table: Any, label: str, threshold: float, *, oriented: bool = True, keep_label: bool = False) -> set[str]:
    from sklearn.metrics import roc_auc_score

    columns = table.select_dtypes("number").columns
    found = set()
    for column in columns:
        if column == label and not keep_label:
            continue
        auc = roc_auc_score(table[label], table[column])
        if (max(auc, 1 - auc) if oriented else auc) >= threshold:
            found.add(str(column))
    return found


def _names(result: Any) -> set[str] | None:
    if isinstance(result, (str, bytes)) or not isinstance(result, Iterable):
        return None
    items = list(result)
    if not all(isinstance(item, str) for item in items):
        return None
    return set(items)


@exercise("ch04_leak_suspects")
def _leak_suspects(answer: Any, *, table: Any, label: Any, threshold: Any) -> tuple[Status, str]:
    """A function leak_suspects(table, label, threshold) -> the numeric columns whose AUC alone is at least threshold."""
    import pandas as pd

    if not isinstance(label, str):
        raise TypeError(f"label must be the name of the label column (a string), not {type(label).__name__}")
    table = _frame(table, "table", [label])
    threshold = as_number(threshold)
    if threshold is None or not 0.5 < threshold < 1:
        raise ValueError(f"threshold must be an AUC between 0.5 and 1, got {threshold!r}")
    if pd.Series(table[label]).nunique() != 2:
        return unjudged(_("the label column must hold both classes (churned and stayed) for an AUC; use more rows."))
    hint = _(
        "write a function leak_suspects(table, label, threshold) that loops over the numeric columns of table "
        "except label (table.drop(columns=label).select_dtypes('number')), computes roc_auc_score(table[label], "
        "table[column]) and keeps the names whose max(auc, 1 - auc) is at least threshold; return them as a list."
    )
    if not callable(answer):
        return "incorrect", _("expected a function, got {type}.").format(type=type(answer).__name__) + " " + hint
    small = _leak_table()
    runs = [(table, label, threshold), (small, "left", 0.9), (small, "left", 0.65)]
    for data, target, level in runs:
        try:
            result = answer(data.copy(), target, level)
        except Exception as exc:  # noqa: BLE001 - a learner's function may fail in any way
            if "could not convert" in str(exc) or "string" in str(exc).lower():
                return "incorrect", _(
                    "your function failed on a text column ({error}); test only the numeric columns "
                    "(select_dtypes('number')): an id is not a feature."
                ).format(error=_error(exc))
            return "incorrect", _("your function raised {error}.").format(error=_error(exc)) + " " + hint
        got = _names(result)
        if got is None:
            return "incorrect", _("your function must return a list of column names (strings), got a {type}.").format(
                type=type(result).__name__)
        expected = _suspects(data, target, level)
        if got == expected:
            continue
        if target in got:
            return "incorrect", _("the label itself is in the list; leave it out: it is what the features must predict.")
        if got == _suspects(data, target, level, oriented=False):
            return "incorrect", _(
                "a feature can give the label away in either direction: an AUC near 0 is as suspicious as one near "
                "1. Compare max(auc, 1 - auc) with the threshold."
            )
        if level != 0.9 and got == _suspects(data, target, 0.9):
            return "incorrect", _("your function seems to use a fixed threshold of 0.9; compare with the threshold passed in.")
        if got > expected:
            return "incorrect", _(
                "the list has columns whose AUC alone is below the threshold; keep only those at or above it "
                "(and use the threshold passed in, not a fixed number)."
            )
        return "incorrect", _("the list misses columns whose AUC alone reaches the threshold.") + " " + hint
    return "correct", _(
        "a flag is a question, not a verdict: for each suspect ask when its value becomes known. A feature that is "
        "only strong, not leaky, passes that question."
    )
