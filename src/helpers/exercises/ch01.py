"""Checks for the exercises of chapter 1, Starting an ML project (``chapters/01_project_flow.ipynb``).

Every check computes its expected answer from the data and the assumptions the notebook passes in
(the training and held-out employees, the rule's and the model's lists, the prices of the ``parameters`` cell),
so a learner who changes the seed, the split or a price is judged on that setting. Nothing here
stores the notebook's defaults.

The money follows the notebook's ``yearly_value``: a flagged leaver stays with probability
``intervention_success`` and then saves ``replacement_months`` of their monthly pay; every flag costs
``intervention_cost``; the sums over the held-out employees are scaled to ``headcount``; a policy's
running cost is 12 times its monthly cost.

Example:
    >>> from helpers import check
    >>> check.ch01_best_fit(None).status
    'unanswered'
    >>> check.ch01_best_fit("c").status
    'incorrect'
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from helpers.check import Status, as_number, compare_choice, compare_number, exercise, percent_hint, unjudged
from helpers.i18n import _

PRICE_KEYS = ("headcount", "replacement_months", "intervention_cost", "intervention_success")


# --- validating what the notebook passes in ---------------------------------------------------------


def _prices(prices: Any) -> dict[str, float]:
    """The four money assumptions as floats, or a ValueError that says which one is wrong."""
    if not isinstance(prices, Mapping):
        raise TypeError(f"prices must be the notebook's `prices` dict with keys {PRICE_KEYS}, not {type(prices).__name__}")
    missing = [k for k in PRICE_KEYS if k not in prices]
    if missing:
        raise ValueError(f"prices lacks {missing}: pass the notebook's `prices` dict (section 3.1)")
    values = {}
    for key in PRICE_KEYS:
        value = prices[key]
        if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
            raise ValueError(f"prices[{key!r}] must be a finite number, got {value!r}")
        values[key] = float(value)
    if values["headcount"] <= 0 or values["replacement_months"] < 0 or values["intervention_cost"] < 0:
        raise ValueError("prices: headcount must be positive, replacement_months and intervention_cost not negative")
    if not 0 <= values["intervention_success"] <= 1:
        raise ValueError(f"prices['intervention_success'] is a share between 0 and 1, got {values['intervention_success']}")
    return values


def _running(running_per_month: Any, *names: str) -> dict[str, float]:
    """Monthly running costs of the named policies, from the notebook's ``running_per_month``."""
    try:
        values = {name: float(running_per_month[name]) for name in names}
    except (KeyError, TypeError, ValueError, IndexError):
        raise ValueError(
            f"running_per_month must be the notebook's Series of monthly running costs with entries {list(names)}"
        ) from None
    if any(not math.isfinite(v) or v < 0 for v in values.values()):
        raise ValueError(f"running costs must be finite and not negative, got {values}")
    return values


def _held_out(
    X_test: Any, y_test: Any, *columns: str, names: tuple[str, str, str] = ("X_test", "y_test", "held-out")
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """The requested columns of X_test as arrays, and y_test as a boolean 'left' array of the same length.

    ``names`` are the argument names and the kind of employees, for the error messages (the training
    records are checked the same way).
    """
    x_name, y_name, kind = names
    try:
        data = {c: np.asarray(X_test[c]) for c in ("MonthlyIncome", *columns)}
    except (KeyError, TypeError, IndexError):
        raise ValueError(f"{x_name} must be the {kind} HR records (a DataFrame with {['MonthlyIncome', *columns]})") from None
    left = np.asarray(y_test)
    n = len(data["MonthlyIncome"])
    if left.ndim != 1 or len(left) != n or n == 0:
        raise ValueError(f"{y_name} must have one outcome per {kind} employee ({n}), got shape {left.shape}")
    if not np.isin(left, (0, 1)).all():
        raise ValueError(f"{y_name} must hold 0 (stayed) and 1 (left)")
    return data, left == 1


def _flag(flag: Any, n: int, name: str) -> np.ndarray:
    values = np.asarray(flag)
    if values.ndim != 1 or len(values) != n or not np.isin(values, (0, 1, True, False)).all():
        raise ValueError(f"{name} must be one True/False per held-out employee ({n} values)")
    return values.astype(bool)


def _gross(flag: np.ndarray, income: np.ndarray, left: np.ndarray, p: dict[str, float], *, success: float | None = None,
           scale: bool = True) -> float:
    """Yearly value of interviewing the flagged employees, before running costs."""
    success = p["intervention_success"] if success is None else success
    factor = p["headcount"] / len(flag) if scale else 1.0
    avoided = success * p["replacement_months"] * income[flag & left].sum()
    return float((avoided - p["intervention_cost"] * flag.sum()) * factor)


def _z(share: float) -> float:
    from scipy.stats import norm

    return float(norm.ppf(share))


def _share(value: Any, name: str, *, upper: float = 1.0) -> float:
    number = as_number(value)
    if number is None or not math.isfinite(number) or not 0 < number < upper:
        raise ValueError(f"{name} must be a number between 0 and {upper}, got {value!r}")
    return number


# --- exercise 1: which request fits ML? --------------------------------------------------------------


@exercise("ch01_best_fit", kind="choice")
def _best_fit(answer: Any) -> tuple[Status, str]:
    """Of three requests, the one that fits ML: many fast decisions, errors tolerable, no rule works."""
    status, message = compare_choice(
        answer,
        "b",
        ["a", "b", "c"],
        hint=_(
            "go through the checklist for each request: are errors tolerable? does a simple rule already "
            "work? are the decisions too many or too fast for people? One request fails a blocking "
            "criterion, one has a rule that works, one passes everything (assess_ml_fit tells you which)."
        ),
        praise=_("millions of fast decisions, cheap mistakes, stable tastes and plenty of logs: a textbook fit."),
    )
    if status == "incorrect" and isinstance(answer, str):
        message = {
            "a": _(
                "a wrong approval is very costly and a person must justify every decision: errors are not tolerable, "
                "which rules ML out whatever the volume. Run the checklist on the other two requests."
            ),
            "c": _(
                "the fixed threshold has worked for years: a simple rule already does the job, and the checklist says "
                "ship the rule. Look for the request with many fast decisions and no rule that works."
            ),
        }.get(answer.strip().lower(), message)
    return status, message


# --- exercise 2: a sharper rule ------------------------------------------------------------------------


@exercise("ch01_sharper_rule")
def _sharper_rule(
    answer: Any, *, X_train: Any, y_train: Any, X_test: Any, y_test: Any, prices: Any, running_per_month: Any
) -> tuple[Status, str]:
    """Yearly net value of 'overtime and job level >= 2' on the training records (where rules are chosen),
    running cost included."""
    p = _prices(prices)
    rule_running = 12 * _running(running_per_month, "rule")["rule"]
    data, left = _held_out(X_train, y_train, "OverTime", "JobLevel", names=("X_train", "y_train", "training"))
    income, overtime, level = data["MonthlyIncome"], data["OverTime"].astype(bool), data["JobLevel"]
    flag = overtime & (level >= 2)
    expected = _gross(flag, income, left, p) - rule_running
    test, test_left = _held_out(X_test, y_test, "OverTime", "JobLevel")
    on_test = _gross(test["OverTime"].astype(bool) & (test["JobLevel"] >= 2), test["MonthlyIncome"], test_left, p) - rule_running
    return compare_number(
        answer,
        expected,
        tol=1.0,
        hint=_(
            "build a True/False mask on X_train: OverTime is True AND JobLevel >= 2 (put & between the two "
            "conditions, each in brackets), then take yearly_value(mask, X_train, y_train, running_per_month['rule'])"
            "['net value ($)']."
        ),
        mistakes=[
            (on_test, _(
                "that is its value on the held-out employees. A candidate rule is judged where the rules of section "
                "3.2 were chosen, on the training records (X_train, y_train); the held-out employees are kept for "
                "the final comparison with the model."
            )),
            (expected + rule_running, _("almost: that leaves out the rule's running cost; pass running_per_month['rule'].")),
            (_gross(flag, income, left, p, scale=False) - rule_running, _(
                "that is the value on the training employees only; yearly_value scales it to the whole company "
                "(HEADCOUNT), so use it rather than summing by hand."
            )),
            (_gross(overtime, income, left, p) - rule_running, _(
                "that is the plain overtime rule from the table; add the condition JobLevel >= 2."
            )),
            (_gross(overtime & (level >= 3), income, left, p) - rule_running, _(
                "'above job level 1' means JobLevel >= 2; that mask also drops level-2 employees."
            )),
        ],
        praise=_("judged like the rules of section 3.2. Before calling it better or worse than the plain overtime "
                 "rule, compare the two on the same employees with a paired interval, as section 3.4 does."),
    )


# --- exercise 3: the break-even running cost ---------------------------------------------------------------


@exercise("ch01_break_even")
def _break_even(
    answer: Any, *, X_test: Any, y_test: Any, rule_flag: Any, model_flag: Any, prices: Any, running_per_month: Any
) -> tuple[Status, str]:
    """Monthly running cost at which the model's net value equals the rule's."""
    p = _prices(prices)
    running = _running(running_per_month, "rule", "model")
    data, left = _held_out(X_test, y_test)
    income, n = data["MonthlyIncome"], len(left)
    model_gross = _gross(_flag(model_flag, n, "model_flag"), income, left, p)
    rule_gross = _gross(_flag(rule_flag, n, "rule_flag"), income, left, p)
    expected = (model_gross - rule_gross + 12 * running["rule"]) / 12
    if expected <= 0:
        return unjudged(_(
            "with these data and prices the model earns less than the rule even if it ran for free, so there is "
            "no break-even running cost; try the default INTERVENTION_SUCCESS or another SEED."
        ))
    return compare_number(
        answer,
        expected,
        tol=1.0,
        hint=_(
            "compute the model's yearly net value with a running cost of 0, subtract the rule's net value (with the "
            "rule's own running cost), and divide the difference by 12 to turn a yearly amount into a monthly one."
        ),
        mistakes=[
            (12 * expected, _("almost: that is a yearly amount; the question asks for a monthly running cost.")),
            ((model_gross - rule_gross) / 12, _(
                "almost: the rule is not free either; subtract its net value after its own running cost."
            )),
            (expected - running["model"], _(
                "that is how much the model could still rise above today's running cost; the question asks for the "
                "whole monthly cost, so start from the model's value with a running cost of 0."
            )),
        ],
        praise=_("any monthly running cost below that leaves the model ahead of the rule, on the point estimate; "
                 "the interval of section 3.4 says how sure that is."),
    )


# --- exercise 4: the break-even success rate -----------------------------------------------------------------


@exercise("ch01_success_break_even")
def _success_break_even(
    answer: Any, *, X_test: Any, y_test: Any, model_flag: Any, prices: Any, running_per_month: Any
) -> tuple[Status, str]:
    """Lowest interview success rate at which the model's list, kept as it is, pays for itself."""
    p = _prices(prices)
    model_running = 12 * _running(running_per_month, "model")["model"]
    data, left = _held_out(X_test, y_test)
    income, n = data["MonthlyIncome"], len(left)
    flag = _flag(model_flag, n, "model_flag")
    scale = p["headcount"] / n
    reachable = p["replacement_months"] * income[flag & left].sum() * scale  # avoided cost if every reached leaver stayed
    interviews = p["intervention_cost"] * flag.sum() * scale
    if reachable <= 0:
        return unjudged(_("the model's list reaches no leaver with these settings, so no success rate pays for it; use another SEED."))
    expected = (interviews + model_running) / reachable
    if expected >= 1:
        return unjudged(_(
            "with these prices the list would not pay for itself even if every interviewed leaver stayed; "
            "use the default INTERVENTION_COST or REPLACEMENT_MONTHS."
        ))
    current = p["intervention_success"]
    return compare_number(
        answer,
        expected,
        tol=0.0005,
        hint=_(
            "net value = success x (replacement cost of the leavers on the list) - interview costs - running cost, "
            "all per year for the whole company. Set it to 0 and solve for the success rate."
        ),
        percent=percent_hint(_("success rate")),
        mistakes=[
            (interviews / reachable, _("almost: the model's running cost has to be paid too; add it to the interview costs.")),
            ((interviews / scale + model_running) / (reachable / scale), _(
                "the interview costs and the avoided costs must be scaled to the whole company like the running cost "
                "(HEADCOUNT / number of held-out employees), or all three kept per held-out set."
            )),
            (expected / current if current > 0 else math.nan, _(
                "the table's avoided cost already assumes today's success rate; divide by what the reached leavers "
                "would cost to replace if every one of them stayed (success rate 1)."
            )),
        ],
        praise=_("below that success rate the interviews cost more than they save, whatever model picks the people: "
                 "that is the one number an experiment must be able to rule out."),
    )


# --- exercise 5: how big must the experiment be? ---------------------------------------------------------------


@exercise("ch01_ab_size")
def _ab_size(answer: Any, *, y_test: Any, model_flag: Any, prices: Any, alpha: Any, power: Any) -> tuple[Status, str]:
    """Employees per arm to detect the interviews' effect (v1's list against no interviews)."""
    from helpers.stats import sample_size_two_proportions

    p = _prices(prices)
    alpha, power = _share(alpha, "alpha", upper=0.5), _share(power, "power")
    left = np.asarray(y_test)
    if left.ndim != 1 or not np.isin(left, (0, 1)).all() or len(left) == 0:
        raise ValueError("y_test must hold one 0 (stayed) or 1 (left) per held-out employee")
    left = left == 1
    flag = _flag(model_flag, len(left), "model_flag")
    reached = (flag & left).sum()
    rate_none = left.mean()
    rate_v1 = (left.sum() - p["intervention_success"] * reached) / len(left)
    if not 0 < rate_v1 < rate_none < 1:
        return unjudged(_(
            "with these settings the interviews change nobody's outcome (no leaver on the list, or a success rate of "
            "0), so there is no effect to detect; use the default INTERVENTION_SUCCESS or another SEED."
        ))
    expected = sample_size_two_proportions(rate_none, rate_v1, alpha=alpha, power=power)
    one_sided = sample_size_two_proportions(rate_none, rate_v1, alpha=2 * alpha, power=power)
    rate_all_stay = (left.sum() - reached) / len(left)
    no_success = sample_size_two_proportions(rate_none, rate_all_stay, alpha=alpha, power=power) if rate_all_stay < rate_none else math.nan
    return compare_number(
        answer,
        expected,
        tol=max(2.0, 0.005 * expected),
        hint=_(
            "the control arm keeps today's attrition (the share of leavers among the held-out employees); in the "
            "other arm INTERVENTION_SUCCESS of the leavers on v1's list stay. Pass both rates to "
            "sample_size_two_proportions with alpha=ALPHA and power=POWER."
        ),
        mistakes=[
            (2 * expected, _("almost: that counts both arms; the question asks for employees per arm.")),
            (no_success, _("that assumes every interviewed leaver stays; only INTERVENTION_SUCCESS of them do.")),
            (one_sided, _("that is a one-sided test; plan the two-sided test at level ALPHA, as the lesson does.")),
        ],
        praise=_("compare it with the HEADCOUNT // 2 employees an arm can have: one year of this company cannot "
                 "measure the interviews' effect precisely, which is why exercise 4's break-even matters."),
    )


# --- exercise 6: what can a gold set of another size detect? ---------------------------------------------------


def _drop_formulas(alpha: float, power: float) -> dict[str, Callable[[float, float, float], float]]:
    z_two, z_one, z_power = _z(1 - alpha / 2), _z(1 - alpha), _z(power)
    return {
        "right": lambda se, n, new: (z_two + z_power) * se * math.sqrt(n / new),
        "no power": lambda se, n, new: z_two * se * math.sqrt(n / new),
        "one-sided": lambda se, n, new: (z_one + z_power) * se * math.sqrt(n / new),
        "inverted": lambda se, n, new: (z_two + z_power) * se * math.sqrt(new / n),
        "no square root": lambda se, n, new: (z_two + z_power) * se * n / new,
        "size ignored": lambda se, n, new: (z_two + z_power) * se,
    }


def _drop_hints() -> dict[str, str]:
    return {
        "no power": _(
            "a true drop of exactly z x SE is caught only half the time; to catch it with probability POWER add "
            "norm.ppf(POWER) to z before multiplying by the standard error."
        ),
        "one-sided": _("the alert uses a two-sided 1 - ALPHA interval: take norm.ppf(1 - ALPHA / 2), not norm.ppf(1 - ALPHA)."),
        "inverted": _("more gold employees must give a smaller detectable drop: the standard error scales with sqrt(n / n_new)."),
        "no square root": _("the standard error shrinks with the square root of the number of employees, not in proportion."),
        "size ignored": _("the result must depend on n_new: rescale the standard error from n to n_new employees first."),
    }


@exercise("ch01_detectable_drop")
def _detectable_drop(answer: Any, *, gold_se: Any, gold_size: Any, alpha: Any, power: Any) -> tuple[Status, str]:
    """A function detectable_drop(se, n, n_new): the smallest AUC drop a paired gold check on n_new employees catches."""
    se = as_number(gold_se)
    size = as_number(gold_size)
    if se is None or not math.isfinite(se) or se <= 0:
        raise ValueError(f"gold_se must be the paired standard error of the AUC drop (a positive number), got {gold_se!r}")
    if size is None or not math.isfinite(size) or size < 2:
        raise ValueError(f"gold_size must be the number of gold employees, got {gold_size!r}")
    alpha, power = _share(alpha, "alpha", upper=0.5), _share(power, "power")
    hint = _(
        "write a function detectable_drop(se, n, n_new) that returns a number: rescale the standard error from n "
        "to n_new employees (it shrinks like one over the square root of the size), then multiply it by "
        "norm.ppf(1 - ALPHA / 2) + norm.ppf(POWER)."
    )
    if not callable(answer):
        return "incorrect", _("expected a function, got {type}.").format(type=type(answer).__name__) + " " + hint
    cases = [(se, size, size), (se, size, 4 * size), (0.02, 200.0, 800.0), (0.05, 100.0, 25.0), (0.01, 1_000.0, 300.0)]
    got = []
    for case in cases:
        try:
            value = as_number(answer(*case))
        except Exception as exc:  # noqa: BLE001 - a learner's function may fail in any way
            return "incorrect", _("your function raised {error} for se={se}, n={n}, n_new={new}.").format(
                error=type(exc).__name__, se=case[0], n=case[1], new=case[2]) + " " + hint
        if value is None or not math.isfinite(value):
            return "incorrect", _("your function must return one finite number (the drop); for se={se}, n={n}, "
                                  "n_new={new} it returned something else.").format(se=case[0], n=case[1], new=case[2]) + " " + hint
        got.append(value)

    def matches(formula: Callable[[float, float, float], float]) -> bool:
        return all(abs(g - formula(*c)) <= 0.005 * abs(formula(*c)) + 1e-9 for g, c in zip(got, cases, strict=True))

    formulas = _drop_formulas(alpha, power)
    if matches(formulas["right"]):
        return "correct", _(
            "the drop a gold set can catch shrinks only with the square root of its size: four times the employees "
            "halve it."
        )
    for name, message in _drop_hints().items():
        if matches(formulas[name]):
            return "incorrect", message
    return "incorrect", hint
