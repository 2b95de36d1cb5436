"""Checks for the exercises of chapter 8, Interpreting models (``chapters/08_model_interpretation.ipynb``).

Every check judges the learner's own notebook: the call passes the models and data the lesson built
(``model=model, X_test=X_test, ...``) and the check recomputes the expected answer from them. A
learner who changes ``SEED``, ``TEST_SIZE`` or ``FLAG_THRESHOLD`` is judged on that setting, and a
setting where an exercise makes no sense gets "cannot judge" with the reason.

Example:
    >>> from helpers import check
    >>> check.ch08_income_odds_ratio(None).status
    'unanswered'
    >>> check.ch08_experiment_size(500, attrition=[1, 0, 0, 1], overtime=[1, 1, 1, 0],
    ...                            target_rate=0.6, alpha=0.05, power=0.8).status
    'unjudged'
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import Any

from helpers.check import Status, as_number, as_numbers, compare_number, exercise, percent_hint, unjudged
from helpers.i18n import _

_Z975 = 1.959963984540054  # the 97.5% point of the standard normal: 95% intervals


# --- validating what the notebook passes -----------------------------------------------------------


def _frame(value: Any, name: str, columns: Sequence[str] = ()) -> Any:
    """``value`` as a pandas DataFrame that has ``columns``, or a clear error for the notebook author."""
    import pandas as pd

    if not isinstance(value, pd.DataFrame):
        raise TypeError(f"{name} must be the lesson's pandas DataFrame of features, not {type(value).__name__}")
    missing = [c for c in columns if c not in value.columns]
    if missing:
        raise ValueError(f"{name} has no column {missing[0]!r}: pass the lesson's {name}")
    if len(value) < 2:
        raise ValueError(f"{name} needs at least two rows, got {len(value)}")
    return value


def _labels(value: Any, name: str, n: int) -> Any:
    """0/1 labels (booleans accepted) as an int array of length ``n``."""
    import numpy as np

    array = np.asarray(value)
    if array.ndim != 1 or len(array) != n:
        raise ValueError(f"{name} must hold one label per row ({n}), got shape {array.shape}")
    if array.dtype == bool:
        return array.astype(int)
    try:
        numeric = array.astype(float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must hold 0/1 labels, not {array.dtype}") from None
    if not np.isin(numeric, (0.0, 1.0)).all():
        raise ValueError(f"{name} must hold 0/1 labels (1 = left the company)")
    return numeric.astype(int)


def _scores(value: Any, name: str, n: int) -> Any:
    """Predicted probabilities as a float array of length ``n``."""
    import numpy as np

    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be the predicted probabilities (an array of numbers)") from None
    if array.ndim != 1 or len(array) != n:
        raise ValueError(f"{name} must hold one predicted probability per test employee ({n}), got shape {array.shape}")
    if not (np.isfinite(array).all() and (array >= 0).all() and (array <= 1).all()):
        raise ValueError(f"{name} must hold probabilities between 0 and 1")
    return array


def _classifier(model: Any, name: str = "model") -> Any:
    if not callable(getattr(model, "predict_proba", None)):
        raise TypeError(f"{name} must be a fitted classifier with predict_proba (the lesson's {name}), not {type(model).__name__}")
    return model


def _risk(model: Any, X: Any) -> Any:
    """Predicted probability of leaving, one per row."""
    return model.predict_proba(X)[:, 1]


def _sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x)) if x >= 0 else math.exp(x) / (1 + math.exp(x))


def _numbers(answer: Any) -> list[float] | None:
    """A sequence answer as a list of finite floats, or None when it is not one."""
    return as_numbers(answer)


def _distinct(mistakes: list[tuple[float, str]], expected: float, tol: float) -> list[tuple[float, str]]:
    """The mistakes that can be told apart from the right answer at this tolerance (in some settings a
    tempting shortcut happens to give nearly the right number; it is then no mistake to point out)."""
    return [(value, message) for value, message in mistakes if not abs(value - expected) <= tol]


def _shap() -> Any:
    """Import shap without the PendingDeprecationWarnings that its colour maps trigger in new matplotlib."""
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message=r"The set_(bad|over|under) function will be deprecated", category=PendingDeprecationWarning
        )
        import shap
    return shap


def _shap_rows(model: Any, X: Any, positions: Sequence[int]) -> Any:
    """SHAP values (log-odds) of the rows at ``positions``: shape (len(positions), columns)."""
    return _shap().TreeExplainer(model)(X.iloc[list(positions)]).values


# --- exercise 1: odds ratio per $1,000 with its interval ----------------------------------------------


@exercise("ch08_income_odds_ratio")
def _income_odds_ratio(answer: Any, *, logit: Any, sd: Any) -> tuple[Status, str]:
    """(odds ratio, low, high) of leaving for +$1,000 of monthly income, from the standardised logit."""
    try:
        coef, se = float(logit.params["MonthlyIncome"]), float(logit.bse["MonthlyIncome"])
        scale = float(sd["MonthlyIncome"])
    except (AttributeError, KeyError, TypeError, ValueError):
        raise TypeError(
            "logit must be the statsmodels fit of section 2 (with MonthlyIncome among its features) and sd the "
            "training standard deviations (a Series with MonthlyIncome)"
        ) from None
    if not (math.isfinite(scale) and scale > 0 and math.isfinite(coef) and math.isfinite(se)):
        raise ValueError("sd['MonthlyIncome'] must be a positive standard deviation and the coefficient finite")

    def triple(centre: float, half: float, factor: float) -> list[float]:
        with_overflow = [centre * factor, (centre - half) * factor, (centre + half) * factor]
        return [math.exp(min(v, 700.0)) for v in with_overflow]

    per_1000 = 1000 / scale
    expected = triple(coef, _Z975 * se, per_1000)
    hint = _(
        "the coefficient of MonthlyIncome and the ends of its interval (logit.conf_int()) are in log-odds per "
        "standard deviation of income. Multiply all three by 1,000 / sd['MonthlyIncome'] (log-odds per $1,000), "
        "then take np.exp of each. Give (odds ratio, low, high)."
    )
    mistakes = [
        (triple(coef, _Z975 * se, 1.0), _(
            "those are the odds ratios per standard deviation of income, as in the table above. Convert the "
            "coefficient and both ends of its interval to $1,000 before taking np.exp.")),
        (triple(coef, _Z975 * se, 1 / scale), _(
            "those are per dollar; the manager asked about $1,000 more a month.")),
        (triple(coef, _Z975 * se, 1000.0), _(
            "the coefficient is per standard deviation of income, not per dollar: divide by sd['MonthlyIncome'] "
            "before multiplying by 1,000.")),
        ([math.exp(coef * per_1000), math.exp(coef * per_1000 - _Z975 * se), math.exp(coef * per_1000 + _Z975 * se)], _(
            "the odds ratio is right, but the interval's width is still per standard deviation: scale the ends "
            "of the coefficient's interval by the same factor as the coefficient, then take np.exp.")),
        ([coef * per_1000, (coef - _Z975 * se) * per_1000, (coef + _Z975 * se) * per_1000], _(
            "those are changes in log-odds; take np.exp of each to get odds ratios.")),
    ]
    tol = 1e-3
    single = as_number(answer)
    if single is not None:
        if math.isfinite(single) and abs(single - expected[0]) <= tol:
            return "incorrect", _(
                "the odds ratio is right; now add its 95% interval: give three numbers (odds ratio, low, high).")
        return "incorrect", _("expected three numbers (odds ratio, low, high), got one number.") + " " + hint
    values = _numbers(answer)
    if values is None:
        return "incorrect", _("expected three numbers (odds ratio, low, high), got {type}.").format(
            type=type(answer).__name__) + " " + hint
    if len(values) != 3:
        return "incorrect", _("expected three numbers (odds ratio, low, high), got {count}.").format(
            count=len(values)) + " " + hint
    if not all(math.isfinite(v) for v in values):
        return "incorrect", _("expected three finite numbers.") + " " + hint

    def close(a: list[float], b: list[float]) -> bool:
        return all(abs(x - e) <= tol for x, e in zip(a, b, strict=True))

    if close(values, expected):
        return "correct", _(
            "that is right; read the interval as well as the odds ratio: when it contains 1, the data cannot tell "
            "whether more income goes with more or fewer leavers.")
    for wrong, message in mistakes:
        if close(values, wrong):
            return "incorrect", message
    if close(sorted(values), sorted(expected)):
        return "incorrect", _("the three numbers are right but in another order: give (odds ratio, low, high).")
    if abs(values[0] - expected[0]) <= tol:
        return "incorrect", _(
            "the odds ratio is right, the interval is not. Multiply both ends of logit.conf_int() for MonthlyIncome "
            "by 1,000 / sd['MonthlyIncome'] and take np.exp.")
    return "incorrect", hint


# --- exercise 2: permutation importance by hand -----------------------------------------------------


@exercise("ch08_permutation_drop")
def _permutation_drop(answer: Any, *, model: Any, X_test: Any, y_test: Any) -> tuple[Status, str]:
    """A function auc_drop(model, X, y, feature, order): the AUC lost when one column is shuffled by ``order``."""
    import numpy as np
    from sklearn.metrics import roc_auc_score

    hint = _(
        "copy X, replace the column `feature` of the copy by X[feature].to_numpy()[order], and return "
        "roc_auc_score(y, model.predict_proba(X)[:, 1]) minus the same AUC on the copy."
    )
    if not callable(answer):
        return "incorrect", _(
            "expected a function auc_drop(model, X, y, feature, order), got {type}.").format(type=type(answer).__name__) + " " + hint
    model = _classifier(model)
    X_test = _frame(X_test, "X_test")
    y = _labels(y_test, "y_test", len(X_test))
    if y.min() == y.max():
        return unjudged(_("y_test holds a single class, so there is no AUC to compare; use a test set with leavers and stayers."))

    rng = np.random.default_rng(808)  # the check's own rows and shuffles: fresh inputs, not the notebook's
    leavers, stayers = np.flatnonzero(y == 1), np.flatnonzero(y == 0)
    rows = np.sort(np.concatenate([
        rng.choice(leavers, max(2, int(0.8 * len(leavers))), replace=False),
        rng.choice(stayers, max(2, int(0.8 * len(stayers))), replace=False),
    ]))
    X = X_test.iloc[rows]
    y_part = np.asarray(y_test)[rows]
    if hasattr(y_test, "iloc"):
        y_part = y_test.iloc[rows]
    distinct = X.nunique()
    many_valued = str(distinct.idxmax())
    binary = [str(c) for c in X.columns if distinct[c] == 2]
    features = list(dict.fromkeys([binary[0] if binary else str(X.columns[0]), many_valued, str(rng.choice(X.columns))]))
    cases = [(feature, rng.permutation(len(X))) for feature in features] + [(features[0], np.arange(len(X)))]

    labels = np.asarray(y_part).astype(int)
    original = _risk(model, X)

    def reference(feature: str, order: Any) -> float:
        shuffled = X.copy()
        shuffled[feature] = X[feature].to_numpy()[order]
        return float(roc_auc_score(labels, original) - roc_auc_score(labels, _risk(model, shuffled)))

    def run(feature: str, order: Any) -> tuple[float | None, str]:
        given = X.copy()
        try:
            result = answer(model, given, y_part.copy(), feature, order.copy())
        except Exception as exc:  # noqa: BLE001 - a learner's function may fail in any way
            return None, _("your function raised {error}: {message}.").format(error=type(exc).__name__, message=exc) + " " + hint
        if not given.equals(X):
            return None, _(
                "your function changed the data frame it was given (the caller's X). Shuffle a copy: "
                "shuffled = X.copy(), then change the column of the copy.")
        value = as_number(result)
        if value is None or not math.isfinite(value):
            return None, _("your function should return one number (the drop in AUC), got {type}.").format(
                type=type(result).__name__) + " " + hint
        return value, ""

    for feature, order in cases:
        value, problem = run(feature, order)
        if value is None:
            return "incorrect", problem
        expected = reference(feature, order)
        if abs(value - expected) <= 1e-6:
            continue
        if abs(value + expected) <= 1e-6:
            return "incorrect", _("almost: the sign is flipped; return the AUC before shuffling minus the AUC after.")
        if abs(value / 100 - expected) <= 1e-6:
            return "incorrect", _("almost: that looks like percentage points of AUC; return the drop as a number such as 0.01.")
        again, _unused = run(feature, order)
        if again is not None and abs(again - value) > 1e-12:
            return "incorrect", _(
                "your function gives different answers for the same inputs: it shuffles on its own. Use the "
                "positions in `order` (X[feature].to_numpy()[order]) so that the result can be checked.")
        whole_rows = float(roc_auc_score(labels, original) - roc_auc_score(labels, _risk(model, X.iloc[order])))
        if abs(value - whole_rows) <= 1e-6:
            return "incorrect", _(
                "that shuffles whole rows (every column at once) while the labels stay in place; shuffle only the "
                "column `feature`.")
        shuffled = X.copy()
        shuffled[feature] = X[feature].to_numpy()[order]
        hard = float(roc_auc_score(labels, model.predict(X)) - roc_auc_score(labels, model.predict(shuffled)))
        if abs(value - hard) <= 1e-6:
            return "incorrect", _(
                "that uses model.predict, the 0/1 decisions; the AUC needs the scores: model.predict_proba(...)[:, 1].")
        return "incorrect", hint
    return "correct", _(
        "that is permutation importance for one shuffle; averaging several shuffles and bootstrapping the "
        "employees gives the intervals of section 4.")


# --- exercise 3: partial dependence of overtime --------------------------------------------------------


@exercise("ch08_overtime_pd")
def _overtime_pd(answer: Any, *, model: Any, X_test: Any, X_train: Any, y_test: Any) -> tuple[Status, str]:
    """Partial dependence by hand: mean P(leave) with OverTime=1 minus with OverTime=0, over the test set."""
    model = _classifier(model)
    X_test = _frame(X_test, "X_test", ["OverTime"])
    X_train = _frame(X_train, "X_train", ["OverTime"])
    y = _labels(y_test, "y_test", len(X_test))

    def partial_gap(X: Any) -> float:
        return float(_risk(model, X.assign(OverTime=1.0)).mean() - _risk(model, X.assign(OverTime=0.0)).mean())

    expected = partial_gap(X_test)
    overtime = X_test["OverTime"].to_numpy() == 1
    mistakes = [
        (-expected, _("almost: the sign is flipped; subtract the no-overtime average from the overtime one.")),
        (partial_gap(X_train), _("that averages over the training employees; average over X_test.")),
    ]
    if overtime.any() and (~overtime).any():
        risk = _risk(model, X_test)
        mistakes += [
            (float(y[overtime].mean() - y[~overtime].mean()), _(
                "that is the observed gap in attrition between overtime workers and the others: they differ in many "
                "ways besides overtime. Partial dependence asks the model about the same employees twice, once with "
                "OverTime set to 1 and once set to 0.")),
            (float(risk[overtime].mean() - risk[~overtime].mean()), _(
                "that compares the model's average risk for the employees who work overtime with the others, who are "
                "different people. Partial dependence predicts for every test employee twice: OverTime set to 1, then 0.")),
        ]
    hint = _(
        "copy X_test twice, set OverTime to 1.0 for everybody in one copy and to 0.0 in the other, average "
        "model.predict_proba(...)[:, 1] over each copy, and subtract (overtime minus no overtime)."
    )
    return compare_number(
        answer, expected, tol=5e-4, hint=hint, mistakes=_distinct(mistakes, expected, 5e-4),
        percent=percent_hint("difference", points=True),
        praise=_("that is what the model predicts when only overtime changes, for the same employees."),
    )


# --- exercise 4: the leaver the model missed ------------------------------------------------------------


@exercise("ch08_missed_leaver")
def _missed_leaver(answer: Any, *, model: Any, X_test: Any, y_test: Any) -> tuple[Status, str]:
    """For the leaver with the lowest predicted risk, the feature with the most negative SHAP value."""
    import numpy as np

    hint = _(
        "keep only the test employees who left (y_test == 1), find among them the one with the lowest predicted "
        "probability (np.argmin on proba of those positions, then map back to the test-set position), and look up "
        "the column whose SHAP value is the most negative for that employee (np.argmin)."
    )
    if not isinstance(answer, str):
        return "incorrect", _("expected a feature name (a string such as 'Age'), got {type}.").format(
            type=type(answer).__name__) + " " + hint
    model = _classifier(model)
    X_test = _frame(X_test, "X_test")
    y = _labels(y_test, "y_test", len(X_test))
    columns = [str(c) for c in X_test.columns]
    chosen = answer.strip().lower()
    if chosen not in {c.lower() for c in columns}:
        return "incorrect", _("{answer} is not a column of X_test; give a feature name such as 'Age'.").format(
            answer=repr(answer)) + " " + hint
    leavers = np.flatnonzero(y == 1)
    if len(leavers) == 0:
        return unjudged(_("nobody in y_test left, so there is no missed leaver; use a test set with leavers."))
    risk = _risk(model, X_test)
    missed = int(leavers[np.argmin(risk[leavers])])
    caught = int(leavers[np.argmax(risk[leavers])])
    lowest = int(np.argmin(risk))
    values = _shap_rows(model, X_test, [missed, caught, lowest])
    expected = columns[int(np.argmin(values[0]))]
    if chosen == expected.lower():
        return "correct", _("the model saw a reason to stay that did not hold for this person.")
    mistakes = [
        (columns[int(np.argmax(values[0]))], _(
            "that feature pushes this employee's risk up; the question asks for the most negative SHAP value.")),
        (columns[int(np.argmin(values[2]))], _(
            "that is the employee with the lowest risk overall; keep only those who left (y_test == 1) first.")),
        (columns[int(np.argmin(values[1]))], _(
            "that is the leaver the model was surest about (the highest risk); you want the lowest risk among leavers.")),
    ]
    for wrong, message in mistakes:
        if chosen == wrong.lower() and wrong != expected:
            return "incorrect", message
    return "incorrect", hint


# --- exercise 5: the credit of a group of features ------------------------------------------------------


@exercise("ch08_group_credit")
def _group_credit(answer: Any, *, model: Any, X_test: Any, employee: Any, features: Any) -> tuple[Status, str]:
    """P(leave) for one employee if a group of features contributed nothing: sigmoid(output - their SHAP sum)."""
    import numpy as np

    model = _classifier(model)
    X_test = _frame(X_test, "X_test")
    if isinstance(employee, bool) or not isinstance(employee, numbers.Integral) or not 0 <= employee < len(X_test):
        raise ValueError(f"employee must be a position in the test set (0 to {len(X_test) - 1}), got {employee!r}")
    if isinstance(features, str) or not features or any(f not in X_test.columns for f in features):
        raise ValueError("features must be a non-empty list of columns of X_test, such as SENIORITY")
    if not callable(getattr(model, "decision_function", None)):
        raise TypeError("model must be the lesson's gradient-boosting model (it has decision_function)")
    row = X_test.iloc[[int(employee)]]
    values = _shap_rows(model, X_test, [int(employee)])[0]
    positions = [X_test.columns.get_loc(f) for f in features]
    group = float(values[positions].sum())
    output = float(np.ravel(model.decision_function(row))[0])  # log-odds: base value + every SHAP value
    base = output - float(values.sum())
    expected = _sigmoid(output - group)
    mistakes = [
        (_sigmoid(output) - group, _(
            "that subtracts log-odds from a probability. Remove the group's SHAP values in log-odds (base value + "
            "all SHAP values - the group's), then convert once with 1 / (1 + exp(-x)).")),
        (output - group, _("that is still in log-odds; turn it into a probability with 1 / (1 + np.exp(-x)).")),
        (_sigmoid(output - group - base), _(
            "the base value is missing: the model's output is the base value plus all SHAP values.")),
        (_sigmoid(output - float(values[positions[0]])), _(
            "that removes only the first feature of the group; remove all of them.")),
        (_sigmoid(output + group), _("that adds the group's credit once more; subtract it instead.")),
        (_sigmoid(output), _(
            "that is the model's risk with every contribution; set the group's SHAP values to zero first.")),
    ]
    hint = _(
        "take the employee's row of shap_values: base value + sum of all SHAP values - sum of the SHAP values of "
        "the features in the group gives log-odds; convert with 1 / (1 + np.exp(-log_odds))."
    )
    return compare_number(
        answer, expected, tol=5e-4, hint=hint, mistakes=_distinct(mistakes, expected, 5e-4),
        percent=percent_hint("probability"),
        praise=_("SHAP values add up, so a group of features can be credited (or removed) together."),
    )


# --- exercise 6: false flags by gender ------------------------------------------------------------------


@exercise("ch08_false_flag_gap")
def _false_flag_gap(
    answer: Any, *, y_test: Any, blind_proba: Any, proba: Any, female: Any, threshold: Any
) -> tuple[Status, str]:
    """Among employees who stayed: share flagged (blind model) for women minus for men."""
    import numpy as np

    y = _labels(y_test, "y_test", len(np.asarray(y_test)))
    blind = _scores(blind_proba, "blind_proba", len(y))
    full = _scores(proba, "proba", len(y))
    women = _labels(female, "female", len(y)).astype(bool)
    t = as_number(threshold)
    if t is None or not 0 < t < 1:
        return unjudged(_("FLAG_THRESHOLD must be a probability between 0 and 1 (for example 0.2 to 0.5)."))
    stayed, left = y == 0, y == 1
    if not (stayed & women).any() or not (stayed & ~women).any():
        return unjudged(_("the test set needs women and men who stayed; use a larger TEST_SIZE."))
    if not (blind[stayed] >= t).any():
        return unjudged(_(
            "nobody who stayed is flagged at this FLAG_THRESHOLD, so every gap is zero; use a threshold between "
            "0.1 and 0.5."))

    def gap(risk: Any, among: Any) -> float:
        flagged = risk >= t
        return float(flagged[among & women].mean() - flagged[among & ~women].mean())

    expected = gap(blind, stayed)
    everybody = np.ones(len(y), dtype=bool)
    mistakes = [
        (-expected, _("almost: that is men minus women; subtract the men's share from the women's.")),
        (gap(full, stayed), _(
            "that audits the model with the protected columns (proba); this exercise audits blind_proba.")),
        (gap(blind, everybody), _(
            "that counts every employee; false flags are flags among the employees who stayed (y_test == 0).")),
    ]
    if (left & women).any() and (left & ~women).any():
        mistakes.append((gap(blind, left), _(
            "that is among the employees who left (leavers caught); false flags are among those who stayed.")))
    hint = _(
        "keep the test employees who stayed (y_test == 0); among them, the share with blind_proba >= FLAG_THRESHOLD "
        "for women minus the same share for men."
    )
    return compare_number(
        answer, expected, tol=1e-4, hint=hint, mistakes=_distinct(mistakes, expected, 1e-4),
        percent=percent_hint("difference", points=True),
        praise=_("now put an interval on it: with a few hundred employees, only large gaps stand out from the noise."),
    )


# --- exercise 7: the size of the overtime experiment ----------------------------------------------------


@exercise("ch08_experiment_size")
def _experiment_size(
    answer: Any, *, attrition: Any, overtime: Any, target_rate: Any, alpha: Any, power: Any
) -> tuple[Status, str]:
    """Employees per group to detect attrition among overtime workers falling to ``target_rate``.

    Any usual formula is accepted, rounded up or not: the pooled-variance z-test
    (``helpers.stats.sample_size_two_proportions``), the unpooled one, and the arcsine one
    (statsmodels' ``NormalIndPower`` with ``proportion_effectsize``).
    """
    import numpy as np
    from scipy.stats import norm

    from helpers.stats import sample_size_two_proportions

    left = _labels(attrition, "attrition", len(np.asarray(attrition)))
    works_overtime = _labels(overtime, "overtime", len(left)).astype(bool)
    if not works_overtime.any():
        raise ValueError("overtime marks nobody: pass the lesson's df['OverTime']")
    baseline = float(left[works_overtime].mean())
    everybody = float(left.mean())
    target, a, p = as_number(target_rate), as_number(alpha), as_number(power)
    if target is None or not 0 < target < baseline:
        return unjudged(_(
            "the experiment hopes attrition among overtime workers falls: target_rate must lie between 0 and "
            "today's rate among overtime workers."))
    if a is None or p is None or not (0 < a < 0.5 and a / 2 < p < 1):
        return unjudged(_("use a significance level such as 0.05 and a power such as 0.8."))

    def sizes(start: float, end: float, level: float) -> list[float]:
        if not (0 < start < 1 and 0 < end < 1) or start == end:
            return []
        kwargs = {"alpha": level, "power": p, "round_up": False}
        pooled = sample_size_two_proportions(start, end, method="pooled", **kwargs)
        arcsine = sample_size_two_proportions(start, end, method="arcsine", **kwargs)
        z = norm.ppf(1 - level / 2) + norm.ppf(p)
        unpooled = z**2 * (start * (1 - start) + end * (1 - end)) / (start - end) ** 2
        return [pooled, arcsine, unpooled]

    def within(value: float, band: list[float], factor: float = 1.0) -> bool:
        return bool(band) and factor * min(band) * 0.995 <= value <= factor * (max(band) * 1.005 + 1)

    hint = _(
        "reuse the power calculation of section 9 with the same baseline (the attrition rate of the employees "
        "who work overtime) and the new target rate: sample_size_two_proportions(overtime_rate, target, alpha=ALPHA, "
        "power=POWER). A smaller effect needs many more people."
    )
    value = as_number(answer)
    if value is None or not math.isfinite(value):
        return "incorrect", _("expected one number of employees, got {type}.").format(type=type(answer).__name__) + " " + hint
    if value <= 0:
        return "incorrect", _("a group size is a positive number of employees.") + " " + hint
    right = sizes(baseline, target, a)
    if within(value, right):
        return "correct", _(
            "a smaller hoped-for effect needs several times more employees: the sample grows with 1 / effect².")
    if within(value, right, factor=2):
        return "incorrect", _("that looks like both groups together; the question asks for the employees in each group.")
    if within(value, sizes(baseline, baseline - 0.10, a)):
        return "incorrect", _("that is the 10-point drop of the section above; this time the target is the new rate.")
    if within(value, sizes(everybody, target, a)):
        return "incorrect", _(
            "that starts from the attrition rate of all employees; the experiment is among overtime workers, so "
            "start from their rate.")
    if within(value, sizes(baseline, target, 2 * a)):
        return "incorrect", _("that is a one-sided test; size the usual two-sided test.")
    return "incorrect", hint
