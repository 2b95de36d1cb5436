"""Checks for the exercises of chapter 6, Continuous training (``chapters/06_continuous_training.ipynb``).

Every check judges the learner's own notebook: the call passes the data the lesson built (the gold
standard, the models' predictions, the simulated traffic) and the check computes the expected answer
from them, so another ``SEED``, ``N_PER_WEEK`` or margin in the ``parameters`` cell is judged on its
own data. Three exercises ask for a function (a log-loss gate, the PSI by hand, a rollback rule):
their checks call it on cases built from the learner's data, chosen far from the decision boundary
so that any seed or number of bootstrap resamples gives the same verdict, and recognise the likely
mistakes by the cases the function gets wrong. The skewed-feature exercise asks for a table (every
feature's PSI), so that no single printed number answers it.

Example:
    >>> from helpers import check
    >>> check.ch06_psi(None).status
    'unanswered'
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> reference, current = rng.normal(0, 1, 2_000), rng.normal(0.5, 1, 1_000)
    >>> from helpers import drift
    >>> check.ch06_psi(drift.psi, reference=reference, current=current).status
    'correct'
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from helpers.check import Status, as_number, compare_number, exercise, unjudged
from helpers.i18n import _

# The bootstrap the reference answers use (any seed and number of resamples give the same verdicts:
# the cases are built to sit far from the decision boundary).
_N_BOOT = 1_000


# --- shared helpers ---------------------------------------------------------------------------------


def _array(values: Any, name: str, *, probabilities: bool = False) -> Any:
    """A 1-D float array of finite values (probabilities strictly between 0 and 1 if asked), or a ValueError."""
    import numpy as np

    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be an array of numbers, not {type(values).__name__}") from None
    if array.ndim != 1 or array.size < 2 or not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be a one-dimensional array of at least 2 finite numbers, got shape {array.shape}")
    if probabilities and (array.min() <= 0 or array.max() >= 1):
        raise ValueError(f"{name} must hold probabilities strictly between 0 and 1 (predict_proba(...)[:, 1])")
    return array


def _labels(values: Any, name: str) -> Any:
    import numpy as np

    labels = _array(values, name)
    if not np.isin(labels, [0, 1]).all() or labels.min() == labels.max():
        raise ValueError(f"{name} must hold 0/1 labels of both classes (churned or not)")
    return labels.astype(int)


def _context_error(exc: Exception) -> tuple[Status, str]:
    return "incorrect", _("the check cannot use the lesson's data it was given ({error}); run the cells above again "
                          "and keep the call as it is written below the exercise.").format(error=exc)


def _call(func: Callable[..., Any], *args: Any) -> tuple[Any, str]:
    """(result, '') or (None, a message saying how the learner's function failed)."""
    try:
        return func(*args), ""
    except Exception as exc:  # noqa: BLE001 - a learner's function may fail in any way
        return None, f"{type(exc).__name__}: {exc}"


def _as_bool(value: Any) -> bool | None:
    import numpy as np

    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    return None


def _logit(p: Any) -> Any:
    import numpy as np

    return np.log(p) - np.log1p(-p)


def _sigmoid(z: Any) -> Any:
    import numpy as np

    return 1 / (1 + np.exp(-z))


def _solve_increasing(func: Callable[[float], float], target: float, low: float, high: float, steps: int = 40) -> float:
    """x in [low, high] with func(x) close to target, for a function that increases on that range (bisection)."""
    for _step in range(steps):
        middle = (low + high) / 2
        if func(middle) < target:
            low = middle
        else:
            high = middle
    return (low + high) / 2


# --- exercise 1: a log-loss gate ---------------------------------------------------------------------


def _losses(y: Any, p: Any) -> Any:
    import numpy as np

    p = np.clip(p, 1e-15, 1 - 1e-15)
    return -(y * np.log(p) + (1 - y) * np.log(1 - p))


def _log_loss_difference(y: Any, p_challenger: Any, p_champion: Any) -> Any:
    """95% paired bootstrap interval of mean log loss (challenger) - mean log loss (champion)."""
    import numpy as np

    from helpers.stats import bootstrap_interval

    return bootstrap_interval(np.mean, _losses(y, p_challenger) - _losses(y, p_champion), n_boot=_N_BOOT, strata=y)


def _gate_cases(y: Any, p: Any, margin: float) -> dict[str, tuple[Any, Any, Any, bool]]:
    """Cases for a log-loss gate, built from the learner's gold standard: name -> (y, challenger, champion, promote).

    - ``same``: the champion against itself (promote: not worse);
    - ``uninformative``: everybody gets the base rate (clearly worse);
    - ``overconfident``: the same ranking with probabilities pushed to the extremes (same ROC AUC,
      clearly worse log loss);
    - ``better``: the champion against an over-confident version of itself (clearly better);
    - ``small``: on a small gold set, a challenger whose mean loss is lower but whose interval
      reaches far above the margin (reject: the gold set cannot show it is not worse);
    - ``within``: a challenger slightly worse, with an interval that stays well below the margin (promote).
    """
    import numpy as np
    from scipy.optimize import minimize_scalar

    z = _logit(p)
    overconfident = np.clip(_sigmoid(2.5 * z), 1e-6, 1 - 1e-6)
    cases = {
        "same": (y, p, p),
        "uninformative": (y, np.full(p.size, y.mean()), p),
        "overconfident": (y, overconfident, p),
        "better": (y, p, overconfident),
    }
    # A well calibrated champion (best intercept shift), and a challenger shifted by s from it, with a
    # mean loss about 30% of the margin above it.
    best = minimize_scalar(lambda d: _losses(y, _sigmoid(z + d)).mean(), bounds=(-3, 3), method="bounded").x
    calibrated = _sigmoid(z + best)

    def gap(s: float) -> float:
        return float((_losses(y, _sigmoid(z + best + s)) - _losses(y, calibrated)).mean())

    s = _solve_increasing(gap, 0.3 * margin, 0.0, 5.0)
    cases["within"] = (y, _sigmoid(z + best + s), calibrated)
    # Small gold set: the first rows (both classes), a noisy challenger whose mean loss happens to be lower.
    size = min(y.size, 150)
    y_small, p_small = y[:size], calibrated[:size]
    if 0 < y_small.sum() < size:
        for seed in range(200):
            noise = np.random.default_rng(seed).normal(0, 1.0, size)
            challenger = _sigmoid(_logit(p_small) + noise)
            difference = _log_loss_difference(y_small, challenger, p_small)
            if difference.estimate < 0 and difference.high > margin + 0.02:
                cases["small"] = (y_small, challenger, p_small)
                break
    return {name: (*case, bool(_log_loss_difference(*case).high < margin)) for name, case in cases.items()}


@exercise("ch06_log_loss_gate")
def _log_loss_gate(answer: Any, *, y_gold: Any, p_champion: Any, margin: Any) -> tuple[Status, str]:
    """A function (y_gold, p_challenger, p_champion) -> promote, by the paired interval of the log-loss difference."""
    import numpy as np

    if not callable(answer):
        return "incorrect", _("expected a function log_loss_gate(y_gold, p_challenger, p_champion) that returns True "
                              "or False, got {type}.").format(type=type(answer).__name__)
    try:
        y = _labels(y_gold, "y_gold")
        p = _array(p_champion, "p_champion", probabilities=True)
        if p.size != y.size:
            raise ValueError(f"y_gold and p_champion need one value per customer, got {y.size} and {p.size}")
    except ValueError as exc:
        return _context_error(exc)
    limit = as_number(margin)
    if limit is None or not 0 < limit < 0.1:
        return unjudged(_("the check needs a small positive LOG_LOSS_MARGIN (it got {margin}); with no margin a gate "
                          "cannot promote an equal challenger. Use a value such as 0.005.").format(margin=margin))
    cases = _gate_cases(y, p, limit)
    wrong = []
    for name, (y_case, challenger, champion, expected) in cases.items():
        result, error = _call(answer, y_case.copy(), challenger.copy(), champion.copy())
        if error:
            return "incorrect", _("your function raised {error} when the check called it with an array of labels and two "
                                  "arrays of probabilities.").format(error=error)
        decision = _as_bool(result)
        if decision is None:
            return "incorrect", _("your function returned {type}; return True (promote) or False (keep the champion), "
                                  "for example bool(upper_end < LOG_LOSS_MARGIN).").format(type=type(result).__name__)
        if decision != expected:
            wrong.append(name)
    if not wrong:
        return "correct", _("the gate promotes a challenger that is not worse by more than the margin and rejects one "
                            "the gold standard cannot vouch for, whatever the point estimates say.")
    method = _("Score each customer's log loss under both models, bootstrap the mean of the per-customer differences "
               "(challenger minus champion) with bootstrap_interval(np.mean, ..., strata=y_gold), and promote only when "
               "the interval's upper end is below LOG_LOSS_MARGIN.")
    superiority = _("it rejected a challenger that is slightly worse but surely within the margin: this gate asks "
                    "'not worse by more than LOG_LOSS_MARGIN?', so compare the upper end with the margin, not with zero.")
    if "same" in wrong and "within" in wrong and "better" not in wrong:
        return "incorrect", superiority + " " + method
    if "same" in wrong:
        return "incorrect", _("it rejected a challenger identical to the champion: a difference of exactly zero is not "
                              "worse by more than the margin.") + " " + method
    if "better" in wrong and "uninformative" in wrong:
        return "incorrect", _("it promoted clearly worse challengers and rejected a clearly better one: the difference "
                              "looks the wrong way round. Lower log loss is better; take challenger minus champion.") + " " + method
    if "uninformative" in wrong:
        return "incorrect", _("it promoted a challenger that gives every customer the same probability (the churn rate): "
                              "its log loss is clearly worse than the champion's.") + " " + method
    if "overconfident" in wrong:
        return "incorrect", _("it promoted a challenger with the champion's ranking but over-confident probabilities: "
                              "the same ROC AUC, a much worse log loss. Judge the log loss, not the AUC.") + " " + method
    if "small" in wrong:
        return "incorrect", _("on a small gold standard it promoted a challenger whose mean log loss is lower, "
                              "although the interval shows it may be much worse: decide on the interval's upper end, "
                              "not on the point estimates.") + " " + method
    if "within" in wrong:
        return "incorrect", superiority + " " + method
    return "incorrect", _("some decisions differ from the rule.") + " " + method


# --- exercise 2: the PSI by hand -----------------------------------------------------------------------


def _psi_variants(reference: Any, current: Any) -> dict[str, float]:
    """The right PSI and the PSI of the likely mistakes, for one pair of samples."""
    import numpy as np

    from helpers import drift

    def shares(values: Any, edges: Any, side: str = "right") -> Any:
        return np.bincount(np.searchsorted(edges, values, side=side), minlength=edges.size + 1) / values.size

    def total(e: Any, a: Any, *, eps: float | None = 1e-4, log: Callable[[Any], Any] = np.log) -> float:
        if eps is not None:
            e, a = np.clip(e, eps, None), np.clip(a, eps, None)
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(np.sum((a - e) * log(a / e)))

    edges = drift.bin_edges(reference)
    e, a = shares(reference, edges), shares(current, edges)
    current_edges = drift.bin_edges(current)
    width = np.linspace(reference.min(), reference.max(), 11)[1:-1]
    return {
        "right": drift.psi(reference, current),
        "sign": -total(e, a),
        "log10": total(e, a, log=np.log10),
        "current_bins": total(shares(reference, current_edges), shares(current, current_edges)),
        "equal_width": total(shares(reference, width), shares(current, width)),
        "left": total(shares(reference, edges, "left"), shares(current, edges, "left")),
        "no_eps": total(e, a, eps=None),
    }


def _psi_cases(reference: Any, current: Any) -> dict[str, tuple[Any, Any]]:
    """Pairs of samples the learner's function is tried on, built from the lesson's two samples."""
    import numpy as np

    rng = np.random.default_rng(0)
    jitter_ref, jitter_cur = reference + rng.random(reference.size), current + rng.random(current.size)  # no ties
    below = reference[reference <= np.median(reference)]
    return {
        "lesson": (reference, current),
        "swapped": (current, reference),
        "continuous": (jitter_ref, jitter_cur),
        "same": (jitter_ref, jitter_ref.copy()),
        "empty_bins": (jitter_ref, np.sort(jitter_ref)[: max(2, jitter_ref.size // 3)]),
    }


@exercise("ch06_psi")
def _psi(answer: Any, *, reference: Any, current: Any) -> tuple[Status, str]:
    """A function psi_by_hand(reference, current) that equals drift.psi on fresh pairs of samples."""
    import numpy as np

    if not callable(answer):
        return "incorrect", _("expected a function psi_by_hand(reference, current) that returns the PSI as a number, "
                              "got {type}.").format(type=type(answer).__name__)
    try:
        ref, cur = _array(reference, "reference"), _array(current, "current")
    except ValueError as exc:
        return _context_error(exc)
    method = _("Cut at the reference's deciles (np.quantile, then np.unique), count each bin's share in both samples "
               "(np.searchsorted(edges, values, side='right') numbers the bins), clip the shares at 0.0001, and add up "
               "(a - e) * ln(a / e).")
    mismatches = {}
    for name, (a_sample, b_sample) in _psi_cases(ref, cur).items():
        result, error = _call(answer, a_sample.copy(), b_sample.copy())
        if error:
            return "incorrect", _("your function raised {error} on two arrays of numbers.").format(error=error) + " " + method
        value = as_number(result)
        if value is None:
            return "incorrect", _("your function returned {type}; return the PSI as one number.").format(
                type=type(result).__name__) + " " + method
        variants = _psi_variants(a_sample, b_sample)
        if not (math.isfinite(value) and math.isclose(value, variants["right"], rel_tol=1e-6, abs_tol=1e-9)):
            mismatches[name] = (value, variants)
    if not mismatches:
        return "correct", _("your PSI equals drift.psi on the lesson's samples and on fresh ones, including a sample "
                            "that leaves bins empty.")
    hints = {
        "sign": _("your PSI comes out negative: each term is (a - e) * ln(a / e) with a the current share and e the "
                  "reference share, and every such term is positive or zero."),
        "log10": _("your PSI is too small by a constant factor: use the natural logarithm (np.log), not log10."),
        "current_bins": _("the bins must come from the reference (the training data): take the deciles of the "
                          "reference, not of the current sample, and count both samples in those bins."),
        "equal_width": _("the PSI uses bins that each hold a tenth of the reference (its deciles, np.quantile), not "
                         "bins of equal width."),
        "left": _("a value equal to an edge belongs to the bin on its right (np.searchsorted(..., side='right')); "
                  "integer features such as logins have many values right on an edge."),
        "no_eps": _("a bin can be empty in one sample, and ln(0) is infinite: clip every share at 0.0001 first "
                    "(np.clip(shares, 1e-4, None))."),
    }
    for mistake, hint in hints.items():
        for value, variants in mismatches.values():
            wrong = variants[mistake]
            if (math.isnan(value) and math.isnan(wrong)) or (value == wrong) or (
                math.isfinite(wrong) and math.isclose(value, wrong, rel_tol=1e-6, abs_tol=1e-9)
            ):
                return "incorrect", hint + " " + method
    if list(mismatches) == ["empty_bins"] and not np.isfinite(mismatches["empty_bins"][0]):
        return "incorrect", hints["no_eps"] + " " + method
    return "incorrect", _("your function gives another value than the PSI on {n} of the check's {total} pairs of "
                          "samples.").format(n=len(mismatches), total=len(_psi_cases(ref, cur))) + " " + method


# --- exercise 3: the PSI when nothing changed ------------------------------------------------------------


@exercise("ch06_psi_noise")
def _psi_noise(answer: Any, *, reference: Any, model: Any, unseen: Any) -> tuple[Status, str]:
    """PSI of the model's predictions: its training data against unseen customers of the same weeks."""
    from helpers import drift
    from helpers.mlops import FEATURES

    try:
        ref = _array(reference, "reference")
        current = model.predict_proba(unseen[list(FEATURES)])[:, 1]
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        return _context_error(exc)
    expected = drift.psi(ref, current)
    hint = _("Score the unseen customers with model_v1.predict_proba(...)[:, 1] and compare those predictions with "
             "references[v1] in drift.psi(reference, current); the reference comes first.")
    return compare_number(
        answer, expected, tol=1e-4, hint=hint,
        praise=_("this is one draw of what sampling noise alone gives, {ratio:.0f} times below the 0.1 'worth a look' "
                 "level. Another draw would differ: between samples of {n} and {m} from the same world the PSI of ten "
                 "bins averages about 9 * (1/n + 1/m) = {mean:.4f}, so a PSI above 0.1 is a real change, not "
                 "chance.").format(ratio=drift.PSI_WATCH / max(expected, 1e-9), n=f"{ref.size:,}", m=f"{current.size:,}",
                                   mean=9 * (1 / ref.size + 1 / current.size)),
        mistakes=[
            (0.0, _("that is the PSI of the reference against itself; compare it with the predictions on customers the "
                    "model has never seen.")),
            (drift.psi(current, ref), _("the reference (the training predictions) comes first: its deciles define the "
                                        "bins.")),
            (drift.PSI_WATCH, _("0.1 is the 'worth a look' level; the exercise asks for the PSI of the data.")),
        ],
    )


# --- exercise 4: would monitoring have warned about the fixed model? ----------------------------------


@exercise("ch06_shock_psi")
def _shock_psi(
    answer: Any, *, reference: Any, model: Any, traffic: Any, shock_week: Any, platform_psi: Any
) -> tuple[Status, str]:
    """The largest weekly prediction PSI of the fixed model in the ten weeks from the shock on."""
    import numpy as np

    from helpers import drift
    from helpers.mlops import FEATURES

    try:
        ref = _array(reference, "reference")
        shock = int(shock_week)
        year = traffic[traffic["week"] >= 0]
        scores = model.predict_proba(year[list(FEATURES)])[:, 1]  # one call for the whole year
        week_of_row = year["week"].to_numpy()
        weeks = sorted(int(w) for w in np.unique(week_of_row))
        platform = {int(w): float(v) for w, v in dict(platform_psi).items()}
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        return _context_error(exc)
    after = [w for w in weeks if shock <= w < shock + 10]
    if len(after) < 10:
        return unjudged(_("the year has fewer than ten weeks after the shock in week {shock}; keep the simulated year "
                          "at 52 weeks.").format(shock=shock))
    fixed = {w: drift.psi(ref, scores[week_of_row == w]) for w in weeks}
    expected = max(fixed[w] for w in after)
    week_zero = scores[week_of_row == weeks[0]]
    hint = _("For each week from the shock to nine weeks later, compute drift.psi(references[v1], predictions(v1, week)) "
             "(version 1's predictions on its training data against its predictions on that week's traffic) and give "
             "the largest of the ten values.")
    praise = (
        _("the largest PSI after the shock stays below the 0.1 'worth a look' level: a label-free monitor would have "
          "stayed silent while the fixed model's ROC AUC collapsed. Concept drift changes what the inputs mean, not the "
          "inputs; only labelled data (the gold standard) can show it.")
        if expected <= drift.PSI_WATCH
        else _("with these parameters the predictions drift above the 0.1 level after the shock, so a label-free "
               "monitor would have looked; compare with the fixed model's ROC AUC, which needs labels.")
    )
    return compare_number(
        answer, expected, tol=0.001, hint=hint, praise=praise,
        mistakes=[
            (max(fixed.values()), _("that is the largest PSI of the whole year; the question is about the ten weeks "
                                    "from the shock on, when the fixed model's ROC AUC collapsed.")),
            (max(fixed[w] for w in weeks if w < shock), _("those are the weeks before the shock; take the ten weeks from "
                                                           "the shock on.")),
            (float(np.mean([fixed[w] for w in after])), _("that is the mean of the ten weeks; give the largest.")),
            (max(platform.get(w, math.nan) for w in after), _("that is the retrained champion's PSI (weekly_psi); the "
                                                              "exercise follows the fixed version 1.")),
            (max(drift.psi(week_zero, scores[week_of_row == w]) for w in after),
             _("the reference is v1's predictions on its own training data (references[v1]), not on the traffic of "
               "week 0.")),
        ],
    )


# --- exercise 5: the skewed feature -------------------------------------------------------------------


def _psi_table(answer: Any, features: Any) -> tuple[dict[str, float] | None, str]:
    """({feature: PSI}, '') from a Series or dict indexed by feature name, or (None, what is wrong with it)."""
    import pandas as pd

    if isinstance(answer, pd.DataFrame) and answer.shape[1] == 1:
        answer = answer.iloc[:, 0]
    if isinstance(answer, (str, bytes)) or not isinstance(answer, (pd.Series, dict)):
        return None, _("expected a pandas Series (or a dict) of PSIs indexed by feature name, one for each of the four "
                       "FEATURES, got {type}.").format(type=type(answer).__name__)
    values = {str(k): as_number(v) for k, v in dict(answer).items()}
    missing = [f for f in features if f not in values]
    if missing:
        return None, _("your Series has no PSI for {missing}: index it by the feature names, one PSI for each of the "
                       "four FEATURES.").format(missing=", ".join(missing))
    if any(values[f] is None or not math.isfinite(values[f]) for f in features):
        return None, _("every PSI in your Series must be a finite number.")
    return {f: float(values[f]) for f in features}, ""


def _same_psis(values: dict[str, float], expected: dict[str, float]) -> bool:
    return all(math.isclose(values[f], expected[f], rel_tol=1e-3, abs_tol=1e-5) for f in expected)


@exercise("ch06_skew_psi")
def _skew_psi(answer: Any, *, training: Any, served: Any) -> tuple[Status, str]:
    """The PSI of every feature between the week-44 run's training data and the traffic it served."""
    import pandas as pd

    from helpers import drift
    from helpers.mlops import FEATURES

    try:
        expected = {f: drift.psi(training[f], served[f]) for f in FEATURES}
        swapped = {f: drift.psi(served[f], training[f]) for f in FEATURES}
        spend = training["monthly_spend"]
        in_dollars = training.assign(monthly_spend=spend / 100)  # what the pipeline's data would be without the bug
        dollars = {f: drift.psi(in_dollars[f], served[f]) for f in FEATURES}
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        return _context_error(exc)
    hint = _("For each of the four FEATURES compute drift.psi(training[f], served[f]), with the pipeline's training "
             "data (spend_in_cents=True) as the reference, and collect the values in a pandas Series indexed by feature "
             "name, unrounded.")
    if not isinstance(answer, (dict, pd.Series, pd.DataFrame)) and as_number(answer) is not None:
        return "incorrect", _("give every feature's PSI, not a single number: the point is to see which feature stands "
                              "out against the others.") + " " + hint
    values, problem = _psi_table(answer, FEATURES)
    if values is None:
        return "incorrect", problem + " " + hint
    if _same_psis(values, expected):
        top = max(expected, key=expected.get)
        others = max(v for f, v in expected.items() if f != top)
        return "correct", _("{top} stands out ({ratio:.0f} times the next largest PSI): the training data were in "
                            "cents, the traffic in dollars. That is training-serving skew. A PSI this large only says "
                            "that almost every served value fell into one bin of the training data.").format(
            top=top, ratio=expected[top] / max(others, 1e-9))
    if _same_psis(values, swapped):
        return "incorrect", _("the training data are the reference: they come first in drift.psi(reference, current), "
                              "and their deciles define the bins.") + " " + hint
    if _same_psis(values, dollars):
        return "incorrect", _("these are the PSIs of training data in dollars: the week-44 pipeline received spend in "
                              "cents from the warehouse (load_data(..., spend_in_cents=True)), and that is the skew to "
                              "find.") + " " + hint
    if any(all(math.isclose(values[f], round(expected[f], digits), abs_tol=1e-9) for f in FEATURES) for digits in (1, 2, 3, 4)):
        return "incorrect", _("your values look rounded; store the PSIs as drift.psi returns them (round only when you "
                              "print).") + " " + hint
    wrong = [f for f in FEATURES if not math.isclose(values[f], expected[f], rel_tol=1e-3, abs_tol=1e-5)]
    return "incorrect", _("the PSI of {features} differs from the check's.").format(features=", ".join(wrong)) + " " + hint


# --- exercise 6: a rollback rule with a shadow champion ------------------------------------------------------


def _shifted(p: Any, shift: float) -> Any:
    return _sigmoid(_logit(p) + shift)


def _shift_for(reference: Any, sample: Any, target: float) -> float:
    """The logit shift that gives ``sample`` a PSI of about ``target`` against ``reference``."""
    from helpers import drift

    return _solve_increasing(lambda s: drift.psi(reference, _shifted(sample, s)), target, 0.0, 10.0, steps=30)


def _rollback_cases(new_ref: Any, new_served: Any, old_ref: Any, old_served: Any, alarm: float) -> dict[str, tuple]:
    """name -> (reference_new, served_new, reference_old, served_old): the lesson's incident and fresh cases."""
    import numpy as np

    from helpers import drift

    new_sample, old_sample = new_ref[:: max(1, new_ref.size // 2_000)], old_ref[:: max(1, old_ref.size // 2_000)]
    new_sample = np.clip(new_sample, 1e-6, 1 - 1e-6)
    old_sample = np.clip(old_sample, 1e-6, 1 - 1e-6)
    strong = 4 * alarm
    cases = {
        "incident": (new_ref, new_served, old_ref, old_served),
        "quiet": (new_ref, new_sample, old_ref, old_sample),
        "new_only": (new_ref, _shifted(new_sample, _shift_for(new_ref, new_sample, strong)), old_ref, old_sample),
        "world": (new_ref, _shifted(new_sample, _shift_for(new_ref, new_sample, strong)),
                  old_ref, _shifted(old_sample, _shift_for(old_ref, old_sample, strong))),
        "old_slightly": (new_ref, _shifted(new_sample, _shift_for(new_ref, new_sample, strong)),
                         old_ref, _shifted(old_sample, _shift_for(old_ref, old_sample, alarm / 2))),
    }
    if alarm > drift.PSI_WATCH * 1.5:  # a drift between the watch level and the alarm level
        middle = (drift.PSI_WATCH + alarm) / 2
        cases["watch_only"] = (new_ref, _shifted(new_sample, _shift_for(new_ref, new_sample, middle)), old_ref, old_sample)
    return cases


def _rollback_reference(case: tuple, alarm: float) -> bool:
    from helpers import drift

    new_ref, new_served, old_ref, old_served = case
    return drift.psi(new_ref, new_served) > alarm and not drift.psi(old_ref, old_served) > alarm


@exercise("ch06_rollback")
def _rollback(
    answer: Any, *, reference_new: Any, served_new: Any, reference_old: Any, served_old: Any, alarm: Any
) -> tuple[Status, str]:
    """A function roll_back(reference_new, served_new, reference_old, served_old) -> bool."""
    if not callable(answer):
        return "incorrect", _("expected a function roll_back(reference_new, served_new, reference_old, served_old) that "
                              "returns True or False, got {type}.").format(type=type(answer).__name__)
    try:
        arrays = [_array(v, n, probabilities=True) for v, n in [(reference_new, "reference_new"), (served_new, "served_new"),
                                                                 (reference_old, "reference_old"), (served_old, "served_old")]]
    except ValueError as exc:
        return _context_error(exc)
    level = as_number(alarm)
    if level is None or not 0 < level < 5:
        return unjudged(_("the check needs a positive PSI_ALARM such as 0.25 (it got {alarm}).").format(alarm=alarm))
    cases = _rollback_cases(*arrays, level)
    wrong = []
    for name, case in cases.items():
        result, error = _call(answer, *(a.copy() for a in case))
        if error:
            return "incorrect", _("your function raised {error} when the check called it with four arrays of "
                                  "probabilities.").format(error=error)
        decision = _as_bool(result)
        if decision is None:
            return "incorrect", _("your function returned {type}; return True (roll back) or False (keep the new "
                                  "champion).").format(type=type(result).__name__)
        if decision != _rollback_reference(case, level):
            wrong.append(name)
    if not wrong:
        return "correct", _("the rule rolls back a model whose predictions jump while the previous champion's, on the same "
                            "traffic, stay put; when both move, the world changed, and retraining (not a rollback) helps.")
    method = _("Compute drift.psi(reference_new, served_new) and drift.psi(reference_old, served_old); roll back only "
               "when the first is above PSI_ALARM and the second is not.")
    if "quiet" in wrong:
        return "incorrect", _("it rolled back a model whose predictions did not move at all.") + " " + method
    if "world" in wrong:
        return "incorrect", _("it rolled back when both models' predictions moved: that is the world changing, which a "
                              "rollback cannot fix. Look at the previous champion's PSI too.") + " " + method
    if "watch_only" in wrong:
        return "incorrect", _("it rolled back on a shift between the 0.1 'worth a look' level and the alarm level: the "
                              "rule uses PSI_ALARM.") + " " + method
    if "new_only" in wrong or "incident" in wrong:
        return "incorrect", _("it kept a new champion whose predictions jumped while the previous one's did not: that is "
                              "the case to roll back.") + " " + method
    return "incorrect", _("some decisions differ from the rule.") + " " + method
