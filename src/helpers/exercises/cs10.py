"""Checks for the exercises of case study 10, Uplift modeling (``case_studies/10_uplift_modeling.ipynb``).

Every check judges the learner's own data: the notebook passes the outcomes, treatment flags and
scores it built (the synthetic test campaign, the Hillstrom test half), the customers and split
settings of a question, or the points of an uplift curve, and the check recomputes the expected
answer from them. Two answers are functions, which the check calls on inputs it builds from the
learner's data and on small cases of its own.

Example:
    >>> from helpers import check
    >>> data = dict(y=[1, 0, 1, 0, 0, 0], treatment=[1, 0, 1, 0, 1, 0], score=[6, 5, 4, 3, 2, 1], share=0.5,
    ...             true_uplift=[0.1] * 6, two_model_score=[1, 2, 3, 4, 5, 6])
    >>> check.cs10_response_top_decile(None, **data).status
    'unanswered'
    >>> check.cs10_response_top_decile(1.0, **data).status
    'correct'
"""

from __future__ import annotations

import math
import warnings
from typing import Any

from helpers.check import Status, as_number, compare_number, exercise, lesson_array, percent_hint
from helpers.i18n import _

# --- validating the lesson's data (a wrong object here is a slip in the call, not a wrong answer) ---


def _vector(values: Any, name: str) -> Any:
    """One value per customer: at least two finite numbers."""
    return lesson_array(values, name, min_size=2)


def _campaign(y: Any, treatment: Any, score: Any) -> tuple[Any, Any, Any]:
    """(y, t, score) as float arrays of one length, with treated and control customers."""
    import numpy as np

    y_arr, t_arr, s_arr = _vector(y, "y"), _vector(treatment, "treatment"), _vector(score, "score")
    if not len(y_arr) == len(t_arr) == len(s_arr):
        raise ValueError(f"y, treatment and score must have one value per customer, got {len(y_arr)}, {len(t_arr)}, {len(s_arr)}")
    if not np.isin(t_arr, (0.0, 1.0)).all() or t_arr.min() == t_arr.max():
        raise ValueError("treatment must be 0/1 with both treated and control customers (the lesson's t_test)")
    return y_arr, t_arr, s_arr


def _share(share: Any) -> float:
    value = as_number(share)
    if value is None or not 0 < value < 1:
        raise ValueError(f"share must be a number strictly between 0 and 1, got {share!r}")
    return value


def _top(score: Any, share: float) -> Any:
    """Boolean mask of the round(share * N) customers with the highest scores (ties: first rows first)."""
    import numpy as np

    k = int(round(share * len(score)))
    mask = np.zeros(len(score), dtype=bool)
    mask[np.argsort(-score, kind="stable")[:k]] = True
    return mask


def _lift(y: Any, t: Any, mask: Any) -> float:
    """Treated minus control conversion rate among the customers in ``mask`` (NaN if a group is empty)."""
    treated, control = mask & (t == 1), mask & (t == 0)
    if not treated.any() or not control.any():
        return math.nan
    return float(y[treated].mean() - y[control].mean())


def _failure(exc: Exception) -> str:
    return _("your function raised {error}: {detail}.").format(error=type(exc).__name__, detail=str(exc)[:200])


def _as_values(result: Any, length: int) -> Any:
    """A learner's result as a float array of ``length`` values, or None."""
    import numpy as np
    import pandas as pd

    if isinstance(result, pd.DataFrame):
        if "uplift" not in result.columns:
            return None
        result = result["uplift"]
    if isinstance(result, (str, bytes, dict)) or result is None:
        return None
    try:
        values = np.asarray(result, dtype=float).squeeze()
    except (TypeError, ValueError):
        return None
    if values.ndim != 1 or len(values) != length:
        return None
    return values


def _same(got: Any, expected: Any, tol: float) -> bool:
    import numpy as np

    return bool(np.allclose(got, expected, atol=tol, rtol=0, equal_nan=True))


# --- exercise: a two-model uplift score, as a function ------------------------------------------


def _two_model_reference(X_train: Any, y_train: Any, t_train: Any, X_new: Any, C: float) -> tuple[Any, Any]:
    """(p_treated, p_control) of X_new from one logistic regression per group."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    treated = np.asarray(t_train) == 1
    y_arr = np.asarray(y_train)
    rows = X_train.iloc if hasattr(X_train, "iloc") else np.asarray(X_train)
    p_t = LogisticRegression(C=C).fit(rows[treated], y_arr[treated]).predict_proba(X_new)[:, 1]
    p_c = LogisticRegression(C=C).fit(rows[~treated], y_arr[~treated]).predict_proba(X_new)[:, 1]
    return p_t, p_c


def _two_model_cases(X_train: Any, y_train: Any, t_train: Any, X_test: Any) -> list[tuple[Any, Any, Any, Any]]:
    """(X_train, y_train, t_train, X_new) the learner's function is called on: a slice of the lesson's data,
    and a small campaign with a 30/70 split and a NumPy interface."""
    import numpy as np

    from helpers.uplift import make_campaign

    n = min(len(X_train), 12_000)
    small = make_campaign(3_000, seed=5, treatment_share=0.3)
    columns = [c for c in small.columns if c.startswith("x")]
    return [
        (X_train.iloc[:n], y_train.iloc[:n], t_train.iloc[:n], X_test.iloc[:2_000]),
        (small[columns].to_numpy(), small["converted"].to_numpy(), small["treatment"].to_numpy(),
         np.random.default_rng(0).random((7, len(columns)))),
    ]


@exercise("cs10_two_model_function")
def _two_model_function(answer: Any, *, X_train: Any, y_train: Any, t_train: Any, X_test: Any, C: Any) -> tuple[Status, str]:
    """A function two_model_score(X_train, y_train, t_train, X_new) -> p_treated - p_control for each row of X_new."""
    import numpy as np
    from scipy.stats import spearmanr

    if not (hasattr(X_train, "iloc") and hasattr(y_train, "iloc") and hasattr(t_train, "iloc") and hasattr(X_test, "iloc")):
        raise TypeError("pass the lesson's pandas objects: X_train=X_train, y_train=y_train, t_train=t_train, X_test=X_test")
    if not len(X_train) == len(y_train) == len(t_train) or len(X_train) < 100:
        raise ValueError("X_train, y_train and t_train must be the lesson's training campaign (one row per customer)")
    c_value = as_number(C)
    if c_value is None or not c_value > 0:
        raise ValueError(f"C must be the lesson's positive regularisation strength C, got {C!r}")
    hint = _(
        "fit LogisticRegression(C=C) on the treated rows (t_train == 1) and another on the control rows, then "
        "return model_treated.predict_proba(X_new)[:, 1] - model_control.predict_proba(X_new)[:, 1]."
    )
    if not callable(answer):
        return "incorrect", _("expected a function two_model_score(X_train, y_train, t_train, X_new), got {type}.").format(
            type=type(answer).__name__
        ) + " " + hint
    for X, y, t, X_new in _two_model_cases(X_train, y_train, t_train, X_test):
        p_t, p_c = _two_model_reference(X, y, t, X_new, c_value)
        expected = p_t - p_c
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                result = answer(X, y, t, X_new)
        except Exception as exc:  # noqa: BLE001 - a learner's function may fail in any way
            return "incorrect", _failure(exc) + " " + hint
        if result is None:
            return "incorrect", _("your function returns None: end it with return and the scores.")
        try:
            got = np.asarray(result, dtype=float)
        except (TypeError, ValueError):
            return "incorrect", _("your function should return one number per row of X_new, got {type}.").format(
                type=type(result).__name__
            )
        if got.ndim == 2 and got.shape == (len(expected), 2):
            return "incorrect", _(
                "your function returns two columns per customer: predict_proba gives P(no conversion) and "
                "P(conversion); keep the second column, [:, 1], of each model."
            )
        if got.shape != expected.shape:
            return "incorrect", _("your function should return {n} numbers for {n} rows of X_new, got shape {shape}.").format(
                n=len(expected), shape=got.shape
            )
        if _same(got, expected, 1e-6):
            continue
        if _same(got, -expected, 1e-6):
            return "incorrect", _("the sign is reversed: the uplift is the treated model's probability minus the control model's.")
        if _same(got, p_t / p_c, 1e-6):
            return "incorrect", _(
                "that is the book's ratio p_treated / p_control: it ranks customers, but it is not a change in "
                "conversion rate; return the difference."
            )
        if _same(got, p_t, 1e-6):
            return "incorrect", _(
                "that is the treated model alone, a response model: subtract the control model's probability."
            )
        default_t, default_c = _two_model_reference(X, y, t, X_new, 1.0)
        if not math.isclose(c_value, 1.0) and _same(got, default_t - default_c, 1e-6):
            return "incorrect", _(
                "right idea, but with scikit-learn's default regularisation: pass C=C to both LogisticRegression "
                "models, as section 3 does."
            )
        if len(got) > 2 and np.isfinite(got).all() and spearmanr(got, expected)[0] > 0.95:
            return "incorrect", _(
                "your scores rank the customers almost like the two-model difference but their values differ: use "
                "plain LogisticRegression(C=C) models (no scaling, no other estimator) and return the difference "
                "of their probabilities."
            )
        return "incorrect", hint
    return "correct", _(
        "that is right: the same function works for any features, and its values are in conversion-rate units."
    )


# --- exercise: a response model's top decile, measured like an A/B test ---------------------------


@exercise("cs10_response_top_decile")
def _response_top_decile(
    answer: Any, *, y: Any, treatment: Any, score: Any, share: Any, true_uplift: Any, two_model_score: Any
) -> tuple[Status, str]:
    """Observed uplift (treated minus control conversion rate) among the top ``share`` by response score."""
    y_arr, t_arr, s_arr = _campaign(y, treatment, score)
    fraction = _share(share)
    truth, other = _vector(true_uplift, "true_uplift"), _vector(two_model_score, "two_model_score")
    top = _top(s_arr, fraction)
    expected = _lift(y_arr, t_arr, top)
    bottom = _top(-s_arr, fraction)
    return compare_number(
        answer,
        expected,
        tol=1e-4,
        hint=_(
            "rank the test customers by the response score (highest first), keep the top {percent:.0%}, and subtract "
            "the conversion rate of the control customers among them from that of the treated customers."
        ).format(percent=fraction),
        praise=_("that is right: compare it with the two-model score's top decile in the table above."),
        percent=percent_hint("difference of two rates", points=True),
        mistakes=[
            (float(truth[top].mean()), _(
                "that is the mean *true* uplift of those customers, which real data never show: use the observed "
                "columns converted and treatment."
            )),
            (_lift(y_arr, t_arr, _top(other, fraction)), _(
                "that is the top decile of the two-model score; rank by the response model's score instead."
            )),
            (_lift(y_arr, t_arr, bottom), _(
                "those are the customers with the *lowest* response scores: np.argsort sorts from low to high, so "
                "sort by minus the score (or take the end of the order)."
            )),
            (-expected, _("the sign is reversed: treated rate minus control rate.")),
        ],
    )


# --- exercise: observed uplift by score bin, as a function ---------------------------------------


def _bin_cases(y: Any, t: Any, s: Any, n_bins: int) -> list[tuple[Any, Any, Any, int]]:
    """(y, treatment, score, n_bins) the learner's function is called on: the lesson's data (trimmed so
    that the bins are equal), as pandas Series, and a small case with other bin counts."""
    import numpy as np
    import pandas as pd

    n = len(y) - len(y) % n_bins
    rng = np.random.default_rng(1)
    small_t = np.tile([1, 0], 30)
    small_y = (rng.random(60) < np.where(small_t == 1, 0.5, 0.3)).astype(int)
    small_s = rng.permutation(60) / 10.0
    return [
        (pd.Series(y[:n]), pd.Series(t[:n].astype(int)), pd.Series(s[:n]), n_bins),
        (small_y, small_t, small_s, 5),
        (small_y, small_t, small_s, 3),
    ]


def _bins_reference(y: Any, t: Any, s: Any, n_bins: int, *, reverse: bool = False) -> dict[str, Any]:
    """Per bin (bin 1 = highest scores, or lowest with reverse=True): uplift, treated rate, control rate."""
    import numpy as np

    y, t, s = (np.asarray(a, dtype=float) for a in (y, t, s))
    order = np.argsort(s if reverse else -s, kind="stable")
    bins = np.empty(len(s), dtype=np.int64)
    bins[order] = np.arange(len(s)) * n_bins // len(s)
    with np.errstate(invalid="ignore", divide="ignore"):  # a bin without one of the groups has no rate (NaN)
        n_t, n_c = np.bincount(bins, t, n_bins), np.bincount(bins, 1 - t, n_bins)
        rate_t = np.bincount(bins, y * t, n_bins) / n_t
        rate_c = np.bincount(bins, y * (1 - t), n_bins) / n_c
    return {"uplift": rate_t - rate_c, "treated": rate_t, "control": rate_c}


@exercise("cs10_uplift_by_bin")
def _uplift_by_bin(answer: Any, *, y: Any, treatment: Any, score: Any, n_bins: Any) -> tuple[Status, str]:
    """A function uplift_by_bin(y, treatment, score, n_bins) -> observed uplift per equal-size score bin."""
    y_arr, t_arr, s_arr = _campaign(y, treatment, score)
    if isinstance(n_bins, bool) or not isinstance(n_bins, int) or not 2 <= n_bins <= len(y_arr) // 20:
        raise ValueError(f"n_bins must be the lesson's N_BINS (a whole number from 2 up), got {n_bins!r}")
    hint = _(
        "sort the customers by score from high to low, cut them into n_bins groups of equal size (np.array_split "
        "of the order, or pd.qcut of the rank), and in each group subtract the control customers' conversion "
        "rate from the treated customers'; return the n_bins differences, bin 1 first."
    )
    if not callable(answer):
        return "incorrect", _("expected a function uplift_by_bin(y, treatment, score, n_bins), got {type}.").format(
            type=type(answer).__name__
        ) + " " + hint
    for case in _bin_cases(y_arr, t_arr, s_arr, n_bins):
        reference = _bins_reference(*case)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                result = answer(*(a.copy() if hasattr(a, "copy") else a for a in case))
        except Exception as exc:  # noqa: BLE001 - a learner's function may fail in any way
            return "incorrect", _failure(exc) + " " + hint
        if result is None:
            return "incorrect", _("your function returns None: end it with return and the uplift of each bin.")
        got = _as_values(result, case[3])
        if got is None:
            return "incorrect", _("your function should return {k} numbers (one per bin) for n_bins={k}, got {type}.").format(
                k=case[3], type=type(result).__name__
            )
        if _same(got, reference["uplift"], 1e-9):
            continue
        if _same(got, reference["uplift"][::-1], 1e-9) or _same(got, _bins_reference(*case, reverse=True)["uplift"], 1e-9):
            return "incorrect", _(
                "your bins run from the lowest scores to the highest: bin 1 must hold the highest scores (pd.qcut "
                "numbers its bins from low to high; reverse them, or rank by minus the score)."
            )
        if _same(got, -reference["uplift"], 1e-9):
            return "incorrect", _("the sign is reversed: treated rate minus control rate in each bin.")
        if _same(got, reference["treated"], 1e-9):
            return "incorrect", _("that is the treated customers' conversion rate per bin; subtract the control customers' rate.")
        return "incorrect", _(
            "your function gives other values than the observed uplift per bin (on a case with {n} customers and "
            "n_bins={k}). {hint}"
        ).format(n=len(case[0]), k=case[3], hint=hint)
    return "correct", _(
        "that is right: this is the table behind the book's bar chart, and it needs nothing but a randomised test."
    )


# --- exercise: AUUC on another outcome -------------------------------------------------------------


def _hillstrom_split(data: Any, features: Any, outcome: str, test_size: float, seed: int) -> tuple[Any, ...]:
    """The lesson's split_question for the men's vs women's e-mail question, with another outcome."""
    import pandas as pd
    from sklearn.model_selection import train_test_split

    X = pd.get_dummies(data[list(features)], dtype=float).astype(float)
    treated = (data["segment"] == "Mens E-Mail").astype(int)
    return tuple(train_test_split(X, data[outcome], treated, test_size=test_size, random_state=seed))


def _two_model_scores(split: tuple[Any, ...], half: str = "test") -> Any:
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from helpers.uplift import TwoModelUplift

    X_train, X_test, y_train, _y_test, t_train, _t_test = split
    model = TwoModelUplift(make_pipeline(StandardScaler(), LogisticRegression())).fit(X_train, y_train, t_train)
    return model.predict_uplift(X_train if half == "train" else X_test)


@exercise("cs10_conversion_auuc")
def _conversion_auuc(answer: Any, *, data: Any, features: Any, test_size: Any, seed: Any) -> tuple[Status, str]:
    """AUUC, on the test half, of the two-model score fitted on purchases (men's vs women's e-mail)."""
    import pandas as pd

    from helpers.uplift import auuc, qini_coefficient

    if not isinstance(data, pd.DataFrame) or not {"segment", "visit", "conversion", *features} <= set(data.columns):
        raise TypeError("data must be the lesson's mens_womens DataFrame (Hillstrom customers of the two e-mail groups)")
    if set(data["segment"].astype(str).unique()) != {"Mens E-Mail", "Womens E-Mail"}:
        raise ValueError("data must hold only the men's and women's e-mail customers: pass mens_womens")
    fraction = _share(test_size)
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"seed must be the lesson's SEED (a whole number), got {seed!r}")
    hint = _(
        "keep everything of the men's vs women's comparison (same customers, features and split) but use the "
        "column 'conversion' as the outcome: split_question(..., outcome='conversion'), fit TwoModelUplift with "
        "the scaled logistic regression on the training half, and call auuc(y_test, t_test, scores) on the test half."
    )
    number = as_number(answer)
    if number is None or not math.isfinite(number):  # no need to fit the models to judge that
        return compare_number(answer, 0.0, hint=hint)
    purchases = _hillstrom_split(data, features, "conversion", fraction, seed)
    visits = _hillstrom_split(data, features, "visit", fraction, seed)
    _X_train, _X_test, y_train, y_test, t_train, t_test = purchases
    score = _two_model_scores(purchases)
    expected = auuc(y_test, t_test, score)
    return compare_number(
        answer,
        expected,
        tol=0.05,
        hint=hint,
        praise=_("that is right. Now compare it with what random scores reach on purchases, below."),
        mistakes=[
            (auuc(visits[3], visits[5], _two_model_scores(visits)), _(
                "that is the AUUC on visits, the outcome of the section above: the exercise asks for purchases "
                "(outcome='conversion')."
            )),
            (qini_coefficient(y_test, t_test, score), _(
                "that is the Qini coefficient (treated customers only); the exercise asks for auuc."
            )),
            (auuc(y_train, t_train, _two_model_scores(purchases, half="train")), _(
                "that is measured on the training half, where the models were fitted: evaluate on the test half."
            )),
            (auuc(y_test, t_test, _two_model_scores(visits)), _(
                "those scores come from the models fitted on visits: fit the two models on purchases "
                "(outcome='conversion'), then measure their AUUC on purchases."
            )),
        ],
    )


# --- exercise: a mixed plan, men's e-mail for the top share -----------------------------------------


@exercise("cs10_mixed_plan")
def _mixed_plan(answer: Any, *, y: Any, treatment: Any, score: Any, share: Any) -> tuple[Status, str]:
    """Extra visits per customer of the list, over all-women, when the top ``share`` get the men's e-mail."""
    import numpy as np

    y_arr, t_arr, s_arr = _campaign(y, treatment, score)
    fraction = _share(share)
    top = _top(s_arr, fraction)
    inside = _lift(y_arr, t_arr, top)
    expected = inside * top.sum() / len(y_arr)
    # Customers tied with the last one chosen may all go in (score >= cut-off) or all stay out (score >
    # cut-off): both are right, as is the exact top share.
    cutoff = np.sort(s_arr)[::-1][max(int(top.sum()) - 1, 0)]
    variants = [expected] + [
        _lift(y_arr, t_arr, mask) * mask.sum() / len(y_arr) for mask in (s_arr >= cutoff, s_arr > cutoff) if mask.any()
    ]
    number = as_number(answer)
    if number is not None and math.isfinite(number):
        expected = min(variants, key=lambda v: abs(v - number))
    everyone = _lift(y_arr, t_arr, top | ~top)
    half = _top(s_arr, 0.5)
    return compare_number(
        answer,
        expected,
        tol=5e-5,
        hint=_(
            "rank the test customers by score, take the top {percent:.0%}; the plan gains their observed uplift "
            "(treated minus control visit rate among them) times their number, and nothing on the others (they get the "
            "women's e-mail either way). Divide by all test customers."
        ).format(percent=fraction),
        praise=_("that is right: the curve's value at that share, per customer of the whole list."),
        percent=percent_hint("extra visits per customer", points=True),
        mistakes=[
            (inside, _(
                "that is the uplift among the customers who get the men's e-mail; per customer of the whole list, "
                "weight it by the share they make up."
            )),
            (_lift(y_arr, t_arr, half) * half.sum() / len(y_arr), _(
                "that is the plan for the top half of the customers, from the section above; the exercise asks "
                "for another share."
            )),
            (everyone, _("that is the men's e-mail for everyone, not the mixed plan.")),
            (expected - everyone, _(
                "that compares the plan with the men's e-mail for everyone; the exercise compares it with the "
                "women's e-mail for everyone."
            )),
        ],
    )


# --- exercise: the best number of contacts at another price -------------------------------------------


def _curve(contacts: Any, extra_visits: Any, name: str) -> tuple[Any, Any]:
    import numpy as np

    n, gain = _vector(contacts, f"{name}contacts"), _vector(extra_visits, f"{name}extra_visits")
    if len(n) != len(gain) or n[0] != 0 or (np.diff(n) <= 0).any():
        raise ValueError(
            f"{name}contacts and {name}extra_visits must be the two arrays of one uplift curve "
            "(uplift_curve returns them; contacts start at 0 and increase)"
        )
    return n, gain


@exercise("cs10_best_contacts")
def _best_contacts(
    answer: Any,
    *,
    contacts: Any,
    extra_visits: Any,
    test_contacts: Any,
    test_extra_visits: Any,
    cost: Any,
    value: Any,
    budget: Any,
) -> tuple[Status, str]:
    """Number of contacts, on the training half's (out-of-fold) uplift curve, where value * extra visits - cost *
    contacts peaks."""
    import numpy as np

    n, gain = _curve(contacts, extra_visits, "")
    n_test, gain_test = _curve(test_contacts, test_extra_visits, "test_")
    price, worth, money = as_number(cost), as_number(value), as_number(budget)
    if price is None or worth is None or money is None or not (price > 0 and worth > 0 and money >= 0):
        raise ValueError("cost, value and budget must be positive numbers (the exercise's cost, VALUE_PER_VISIT, BUDGET)")
    hint = _(
        "compute profit = value * extra visits - cost * contacts at every point of the training half's out-of-fold "
        "uplift curve (train_contacts, train_extra_visits; no budget limit) and take the number of contacts where it "
        "is largest (np.argmax)."
    )
    number = as_number(answer)
    if number is None or not math.isfinite(number):
        return "incorrect", _("expected a number of customers, got {type}.").format(type=type(answer).__name__) + " " + hint
    total = int(n[-1])
    if not 0 <= number <= total:
        return "incorrect", _("the training half has {total:,} customers; answer between 0 and {total:,}.").format(
            total=total
        ) + " " + hint
    profit = worth * gain - price * n
    best = float(profit.max())
    right = int(n[int(np.argmax(profit))])
    within_budget = np.where(n * price <= money, profit, -np.inf)
    mistakes = [
        (int(n_test[int(np.argmax(worth * gain_test - price * n_test))]), _(
            "that is where the *test* half's profit peaks: choosing the plan on the curve you report on is "
            "optimistic. Choose it on the training half (train_contacts, train_extra_visits)."
        )),
        (int(n[int(np.argmax(within_budget))]), _(
            "that plan stops at the budget; this campaign has no budget limit, so look along the whole curve."
        )),
        (total, _("that e-mails everyone: at this price the customers at the end of the list cost more than they bring.")),
    ]
    tolerance = 0.005 * abs(best) + 1e-9
    reached = float(np.interp(number, n, profit))
    for wrong, message in mistakes:
        wrong_gap = best - float(np.interp(wrong, n, profit))
        if wrong != right and abs(number - wrong) < 0.5 and wrong_gap > tolerance:
            return "incorrect", message
    gap = best - reached
    if gap <= tolerance:
        return "correct", _(
            "that is where the training half's out-of-fold profit peaks; the matching score cut-off is what you "
            "would apply to new customers."
        )
    return "incorrect", _("at that many contacts the campaign earns ${gap:,.0f} less than at the best number.").format(
        gap=gap
    ) + " " + hint
