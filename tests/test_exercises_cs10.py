"""The exercise checks of case study 10 (helpers/exercises/cs10.py).

The lesson's data are rebuilt here from the notebook's recipe (case_studies/10_uplift_modeling.ipynb):
the book's simulated campaigns with one logistic regression per group, and the Hillstrom e-mail
experiment split by ``train_test_split``. The right answers are recomputed independently of the
check module (pandas ranks, ``nlargest``, ``qcut`` and a tie-aware uplift curve written with
``groupby``, instead of NumPy sorting and ``helpers.uplift``), under two settings: the notebook's
defaults, and another learner's (other campaign seeds, 30,000 customers, C = 0.1, SEED = 7 and a
60/40 split of Hillstrom, as in the course's parameter sweep). A check that judged fixed numbers
would fail the second.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import pytest
from exercise_contract import assert_wrong_answer_hides_right
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from helpers import check
from helpers.data import load_hillstrom
from helpers.uplift import TwoModelUplift, make_campaign, uplift_curve

NAMES = [
    "cs10_best_contacts", "cs10_conversion_auuc", "cs10_mixed_plan", "cs10_response_top_decile",
    "cs10_two_model_function", "cs10_uplift_by_bin",
]
OTHER_ANSWERS = {"cs10_two_model_function", "cs10_uplift_by_bin"}  # answered with a function
FEATURES = [f"x{i}" for i in range(8)]
HILLSTROM_FEATURES = ["recency", "history", "mens", "womens", "newbie", "zip_code", "channel"]
#: (TRAIN_SEED, TEST_SEED, N_CUSTOMERS, C, SEED, TEST_SIZE)
SETTINGS = {"defaults": (1, 42, 100_000, 0.01, 42, 0.5), "other": (3, 5, 30_000, 0.1, 7, 0.4)}
E_MAIL_COST, VALUE, BUDGET = 0.12, 2.5, 1_500  # exercise 6: a cheaper e-mail, no budget limit
TOP_SHARE, MEN_SHARE, N_BINS = 0.1, 0.3, 10


# --- the lesson's data ------------------------------------------------------------------------------


@functools.cache
def synthetic(train_seed: int, test_seed: int, n: int, c: float) -> dict:
    """Sections 2-4: the training and test campaigns, and the two models' scores on the test campaign."""
    train, test = make_campaign(n, seed=train_seed), make_campaign(n, seed=test_seed)
    X_train, y_train, t_train = train[FEATURES], train["converted"], train["treatment"]
    treated = t_train == 1
    p_t = LogisticRegression(C=c).fit(X_train[treated], y_train[treated]).predict_proba(test[FEATURES])[:, 1]
    p_c = LogisticRegression(C=c).fit(X_train[~treated], y_train[~treated]).predict_proba(test[FEATURES])[:, 1]
    return {"train": train, "test": test, "response": p_t, "two_model": p_t - p_c}


@functools.cache
def hillstrom() -> pd.DataFrame:
    return load_hillstrom(verbose=False)


def mens_womens() -> pd.DataFrame:
    df = hillstrom()
    return df[df["segment"] != "No E-Mail"]


@functools.cache
def split(question: str, outcome: str, seed: int, test_size: float) -> tuple:
    """The notebook's split_question for "mw" (men's vs women's e-mail) or "any" (any e-mail vs none)."""
    data = mens_womens() if question == "mw" else hillstrom()
    treated = data["segment"] == "Mens E-Mail" if question == "mw" else data["segment"] != "No E-Mail"
    X = pd.get_dummies(data[HILLSTROM_FEATURES], dtype=float).astype(float)
    return tuple(train_test_split(X, data[outcome], treated.astype(int), test_size=test_size, random_state=seed))


@functools.cache
def two_model_scores(question: str, outcome: str, seed: int, test_size: float, half: str = "test") -> np.ndarray:
    X_train, X_test, y_train, _, t_train, _ = split(question, outcome, seed, test_size)
    model = TwoModelUplift(make_pipeline(StandardScaler(), LogisticRegression())).fit(X_train, y_train, t_train)
    return model.predict_uplift(X_train if half == "train" else X_test)


@functools.cache
def out_of_fold_scores(seed: int, test_size: float) -> np.ndarray:
    """Section 8's training-half scores for "any e-mail": each customer scored by the models of the 4 other folds."""
    X_train, _, y_train, _, t_train, _ = split("any", "visit", seed, test_size)
    scores = np.empty(len(y_train))
    for fit_rows, score_rows in StratifiedKFold(5, shuffle=True, random_state=seed).split(X_train, 2 * t_train + y_train):
        model = TwoModelUplift(make_pipeline(StandardScaler(), LogisticRegression()))
        model.fit(X_train.iloc[fit_rows], y_train.iloc[fit_rows], t_train.iloc[fit_rows])
        scores[score_rows] = model.predict_uplift(X_train.iloc[score_rows])
    return scores


def _contexts(setting: str) -> dict[str, dict]:
    train_seed, test_seed, n, c, seed, test_size = SETTINGS[setting]
    synth = synthetic(train_seed, test_seed, n, c)
    train, test = synth["train"], synth["test"]
    _, _, _, y_mw, _, t_mw = split("mw", "visit", seed, test_size)
    _, _, y_any_train, y_any, t_any_train, t_any = split("any", "visit", seed, test_size)
    train_contacts, train_extra = uplift_curve(y_any_train, t_any_train, out_of_fold_scores(seed, test_size))
    test_contacts, test_extra = uplift_curve(y_any, t_any, two_model_scores("any", "visit", seed, test_size))
    return {
        "cs10_two_model_function": {
            "X_train": train[FEATURES], "y_train": train["converted"], "t_train": train["treatment"],
            "X_test": test[FEATURES], "C": c,
        },
        "cs10_response_top_decile": {
            "y": test["converted"], "treatment": test["treatment"], "score": synth["response"], "share": TOP_SHARE,
            "true_uplift": test["true_uplift"], "two_model_score": synth["two_model"],
        },
        "cs10_uplift_by_bin": {"y": test["converted"], "treatment": test["treatment"], "score": synth["response"], "n_bins": N_BINS},
        "cs10_conversion_auuc": {"data": mens_womens(), "features": HILLSTROM_FEATURES, "test_size": test_size, "seed": seed},
        "cs10_mixed_plan": {"y": y_mw, "treatment": t_mw, "score": two_model_scores("mw", "visit", seed, test_size), "share": MEN_SHARE},
        "cs10_best_contacts": {
            "contacts": train_contacts, "extra_visits": train_extra, "test_contacts": test_contacts,
            "test_extra_visits": test_extra, "cost": E_MAIL_COST, "value": VALUE, "budget": BUDGET,
        },
    }


@functools.cache
def contexts() -> dict[str, dict]:
    """The keyword arguments each check gets in the notebook, at the default parameters."""
    return _contexts("defaults")


# --- right answers, recomputed without the check module ------------------------------------------


def make_two_model(c: float):
    """A learner's two_model_score, through NumPy arrays and a dict of models."""

    def two_model_score(X_train, y_train, t_train, X_new):
        X, y, t = np.asarray(X_train, dtype=float), np.asarray(y_train), np.asarray(t_train)
        models = {g: LogisticRegression(C=c).fit(X[t == g], y[t == g]) for g in (0, 1)}
        new = np.asarray(X_new, dtype=float)
        return models[1].predict_proba(new)[:, 1] - models[0].predict_proba(new)[:, 1]

    return two_model_score


def observed_lift(frame: pd.DataFrame) -> float:
    rates = frame.groupby("t")["y"].mean()
    return float(rates[1] - rates[0])


def top_frame(y, t, score, share: float) -> pd.DataFrame:
    frame = pd.DataFrame({"y": np.asarray(y, dtype=float), "t": np.asarray(t), "s": np.asarray(score)})
    return frame.nlargest(int(round(share * len(frame))), "s")


def uplift_by_bin(y, treatment, score, n_bins):
    """A learner's decile table, by pd.qcut of the rank."""
    frame = pd.DataFrame({"y": np.asarray(y, dtype=float), "t": np.asarray(treatment), "s": np.asarray(score)})
    frame["bin"] = pd.qcut(frame["s"].rank(ascending=False, method="first"), n_bins, labels=False)
    rates = frame.groupby(["bin", "t"])["y"].mean().unstack()
    return (rates[1] - rates[0]).to_numpy()


def tie_aware_curve(y, t, score) -> pd.DataFrame:
    """Uplift curve at the end of every group of tied scores, by pandas (contacts, gain)."""
    frame = pd.DataFrame({"y": np.asarray(y, dtype=float), "t": np.asarray(t, dtype=float), "s": np.asarray(score)})
    frame = frame.sort_values("s", ascending=False, kind="mergesort").reset_index(drop=True)
    frame["n_t"], frame["n_c"] = frame["t"].cumsum(), (1 - frame["t"]).cumsum()
    frame["y_t"], frame["y_c"] = (frame["y"] * frame["t"]).cumsum(), (frame["y"] * (1 - frame["t"])).cumsum()
    frame["contacts"] = np.arange(1, len(frame) + 1)
    ends = frame.drop_duplicates("s", keep="last")
    r_t = (ends["y_t"] / ends["n_t"].replace(0, np.nan)).fillna(0)
    r_c = (ends["y_c"] / ends["n_c"].replace(0, np.nan)).fillna(0)
    curve = pd.DataFrame({"contacts": ends["contacts"], "gain": (r_t - r_c) * ends["contacts"]})
    return pd.concat([pd.DataFrame({"contacts": [0], "gain": [0.0]}), curve], ignore_index=True)


def area(curve: pd.DataFrame) -> float:
    share = curve["contacts"].to_numpy() / curve["contacts"].iloc[-1]
    return float(np.trapezoid(curve["gain"].to_numpy() - curve["gain"].iloc[-1] * share, share))


def best_contacts(setting: str, half: str = "train", cost: float = E_MAIL_COST) -> int:
    """Where profit peaks on the training half's out-of-fold curve (or on the test half's curve)."""
    *_, seed, test_size = SETTINGS[setting]
    X_train, X_test, y_train, y_test, t_train, t_test = split("any", "visit", seed, test_size)
    y, t = (y_train, t_train) if half == "train" else (y_test, t_test)
    scores = out_of_fold_scores(seed, test_size) if half == "train" else two_model_scores("any", "visit", seed, test_size)
    curve = tie_aware_curve(y, t, scores)
    profit = VALUE * curve["gain"] - cost * curve["contacts"]
    return int(curve.loc[profit.idxmax(), "contacts"])


def right_answer(name: str, setting: str):
    train_seed, test_seed, n, c, seed, test_size = SETTINGS[setting]
    synth = synthetic(train_seed, test_seed, n, c)
    test = synth["test"]
    if name == "cs10_two_model_function":
        return make_two_model(c)
    if name == "cs10_uplift_by_bin":
        return uplift_by_bin
    if name == "cs10_response_top_decile":
        return observed_lift(top_frame(test["converted"], test["treatment"], synth["response"], TOP_SHARE))
    if name == "cs10_conversion_auuc":
        _, _, _, y, _, t = split("mw", "conversion", seed, test_size)
        return area(tie_aware_curve(y, t, two_model_scores("mw", "conversion", seed, test_size)))
    if name == "cs10_mixed_plan":
        _, _, _, y, _, t = split("mw", "visit", seed, test_size)
        top = top_frame(y, t, two_model_scores("mw", "visit", seed, test_size), MEN_SHARE)
        return observed_lift(top) * len(top) / len(y)
    if name == "cs10_best_contacts":
        return best_contacts(setting)
    raise KeyError(name)


# --- the tests ---------------------------------------------------------------------------------------


def test_the_chapter_has_these_exercises():
    assert check.exercises("cs10") == NAMES
    assert {check.kind(name) for name in NAMES} == {"code"}


@pytest.mark.parametrize("setting", list(SETTINGS))
@pytest.mark.parametrize("name", NAMES)
def test_right_answer_is_correct_in_both_settings(name, setting):
    answer = right_answer(name, setting)
    feedback = getattr(check, name)(answer, **_contexts(setting)[name])
    assert feedback.status == "correct", feedback
    assert feedback


def test_numbers_pass_as_numpy_scalars_and_rounded_to_four_decimals():
    for name in ["cs10_response_top_decile", "cs10_conversion_auuc", "cs10_mixed_plan"]:
        value = right_answer(name, "defaults")
        for answer in (np.float64(value), round(value, 4)):
            assert getattr(check, name)(answer, **contexts()[name]).status == "correct", name


def test_the_settings_give_different_answers():
    """Otherwise the second setting would not show that the checks follow the learner's data."""
    for name in ["cs10_response_top_decile", "cs10_conversion_auuc", "cs10_mixed_plan", "cs10_best_contacts"]:
        default, other = right_answer(name, "defaults"), right_answer(name, "other")
        assert abs(default - other) > 1e-3, name
        assert getattr(check, name)(default, **_contexts("other")[name]).status == "incorrect", name


# --- wrong answers: the mistake-specific hint, never the right value ----------------------------------


def hint(name: str, right, answer, setting: str = "defaults") -> str:
    return assert_wrong_answer_hides_right(name, right, answer, **_contexts(setting)[name]).message


@pytest.mark.parametrize("setting", list(SETTINGS))
def test_two_model_function_mistakes(setting):
    c = SETTINGS[setting][3]
    context = _contexts(setting)["cs10_two_model_function"]
    right = make_two_model(c)(context["X_train"].iloc[:12_000], context["y_train"].iloc[:12_000],
                              context["t_train"].iloc[:12_000], context["X_test"].iloc[:3])  # never shown

    def rates(X_train, y_train, t_train, X_new, c=c):
        X, y, t, new = np.asarray(X_train), np.asarray(y_train), np.asarray(t_train), np.asarray(X_new)
        return [LogisticRegression(C=c).fit(X[t == g], y[t == g]).predict_proba(new)[:, 1] for g in (1, 0)]

    def ratio(*args):
        p_t, p_c = rates(*args)
        return p_t / p_c

    def reversed_sign(*args):
        p_t, p_c = rates(*args)
        return p_c - p_t

    def response(*args):
        return rates(*args)[0]

    def default_c(*args):
        p_t, p_c = rates(*args, c=1.0)
        return p_t - p_c

    def scaled(X_train, y_train, t_train, X_new):
        t = np.asarray(t_train)
        fitted = [make_pipeline(StandardScaler(), LogisticRegression(C=c)).fit(np.asarray(X_train)[t == g],
                                                                                np.asarray(y_train)[t == g]) for g in (1, 0)]
        return fitted[0].predict_proba(np.asarray(X_new))[:, 1] - fitted[1].predict_proba(np.asarray(X_new))[:, 1]

    def two_columns(X_train, y_train, t_train, X_new):
        t = np.asarray(t_train)
        fitted = [LogisticRegression(C=c).fit(np.asarray(X_train)[t == g], np.asarray(y_train)[t == g]) for g in (1, 0)]
        return fitted[0].predict_proba(np.asarray(X_new)) - fitted[1].predict_proba(np.asarray(X_new))

    def broken(*args):
        raise KeyError("treatment")

    name = "cs10_two_model_function"
    assert "ratio" in hint(name, right, ratio, setting)
    assert "sign is reversed" in hint(name, right, reversed_sign, setting)
    assert "response model" in hint(name, right, response, setting)
    assert "default regularisation" in hint(name, right, default_c, setting)
    assert "rank the customers almost like" in hint(name, right, scaled, setting)
    assert "two columns" in hint(name, right, two_columns, setting)
    assert "raised KeyError" in hint(name, right, broken, setting)
    assert "returns None" in hint(name, right, lambda *args: None, setting)
    assert "expected a function" in hint(name, right, 0.03, setting)


def test_response_top_decile_mistakes():
    name, context = "cs10_response_top_decile", contexts()["cs10_response_top_decile"]
    right = right_answer(name, "defaults")
    top = top_frame(context["y"], context["treatment"], context["score"], TOP_SHARE)
    truth = float(context["true_uplift"].to_numpy()[top.index].mean())
    two_model = observed_lift(top_frame(context["y"], context["treatment"], context["two_model_score"], TOP_SHARE))
    frame = pd.DataFrame({"y": context["y"], "t": context["treatment"], "s": context["score"]})
    bottom = observed_lift(frame.nsmallest(10_000, "s"))
    assert "true* uplift" in hint(name, right, truth)
    assert "two-model score" in hint(name, right, two_model)
    assert "*lowest* response scores" in hint(name, right, bottom)
    assert "sign is reversed" in hint(name, right, -right)
    assert "percentage" in hint(name, right, right * 100)
    assert "rank the test customers" in hint(name, right, right + 0.01)


def test_uplift_by_bin_mistakes():
    name, context = "cs10_uplift_by_bin", contexts()["cs10_uplift_by_bin"]
    right = uplift_by_bin(context["y"], context["treatment"], context["score"], N_BINS)[:3]  # never shown

    def ascending(y, treatment, score, n_bins):
        return uplift_by_bin(y, treatment, -np.asarray(score), n_bins)

    def treated_rate(y, treatment, score, n_bins):
        frame = pd.DataFrame({"y": np.asarray(y, dtype=float), "t": np.asarray(treatment), "s": np.asarray(score)})
        frame["bin"] = pd.qcut(frame["s"].rank(ascending=False, method="first"), n_bins, labels=False)
        return frame[frame["t"] == 1].groupby("bin")["y"].mean().to_numpy()

    def one_bin_short(y, treatment, score, n_bins):
        return uplift_by_bin(y, treatment, score, n_bins)[:-1]

    def by_row_order(y, treatment, score, n_bins):  # forgets to sort by score
        return uplift_by_bin(y, treatment, np.arange(len(score))[::-1], n_bins)

    assert "from the lowest scores to the highest" in hint(name, right, ascending)
    assert "sign is reversed" in hint(name, right, lambda *a: -uplift_by_bin(*a))
    assert "treated customers' conversion rate" in hint(name, right, treated_rate)
    assert "one per bin" in hint(name, right, one_bin_short)
    assert "other values than the observed uplift" in hint(name, right, by_row_order)
    assert "raised ZeroDivisionError" in hint(name, right, lambda *a: 1 / 0)
    assert "returns None" in hint(name, right, lambda *a: None)


def test_uplift_by_bin_accepts_series_lists_and_a_decile_like_table():
    name, context = "cs10_uplift_by_bin", contexts()["cs10_uplift_by_bin"]
    as_series = lambda *a: pd.Series(uplift_by_bin(*a))  # noqa: E731
    as_list = lambda *a: uplift_by_bin(*a).tolist()  # noqa: E731
    as_table = lambda *a: pd.DataFrame({"uplift": uplift_by_bin(*a)})  # noqa: E731
    for answer in (as_series, as_list, as_table):
        assert check.cs10_uplift_by_bin(answer, **context).status == "correct"


def test_conversion_auuc_mistakes():
    name, context = "cs10_conversion_auuc", contexts()["cs10_conversion_auuc"]
    seed, test_size = context["seed"], context["test_size"]
    right = right_answer(name, "defaults")
    _, _, _, y_visit, _, t_visit = split("mw", "visit", seed, test_size)
    _, _, y_train, y_test, t_train, t_test = split("mw", "conversion", seed, test_size)
    visits = area(tie_aware_curve(y_visit, t_visit, two_model_scores("mw", "visit", seed, test_size)))
    train_half = area(tie_aware_curve(y_train, t_train, two_model_scores("mw", "conversion", seed, test_size, "train")))
    visit_model = area(tie_aware_curve(y_test, t_test, two_model_scores("mw", "visit", seed, test_size)))
    score = two_model_scores("mw", "conversion", seed, test_size)
    qini_curve = tie_aware_curve(y_test, t_test, score)
    treated = pd.DataFrame({"t": np.asarray(t_test), "s": score}).sort_values("s", ascending=False, kind="mergesort")
    n_t = treated["t"].cumsum().to_numpy()[qini_curve["contacts"].iloc[1:].to_numpy() - 1]
    qini_curve["gain"] = np.r_[0.0, qini_curve["gain"].iloc[1:] / qini_curve["contacts"].iloc[1:] * n_t]
    qini = area(qini_curve)
    assert abs(visits - 220.8) < 0.05  # the AUUC on visits printed in the notebook
    assert "AUUC on visits" in hint(name, right, visits)
    assert "Qini coefficient" in hint(name, right, qini)
    assert "training half" in hint(name, right, train_half)
    assert "fitted on visits" in hint(name, right, visit_model)
    assert "outcome='conversion'" in hint(name, right, right + 5)


def test_conversion_auuc_names_a_wrong_data_frame():
    context = dict(contexts()["cs10_conversion_auuc"], data=hillstrom())
    with pytest.raises(ValueError, match="mens_womens"):
        check.cs10_conversion_auuc(3.0, **context)


def test_mixed_plan_mistakes():
    name, context = "cs10_mixed_plan", contexts()["cs10_mixed_plan"]
    right = right_answer(name, "defaults")
    y, t, score = context["y"], context["treatment"], context["score"]
    top = top_frame(y, t, score, MEN_SHARE)
    half = top_frame(y, t, score, 0.5)
    everyone = observed_lift(top_frame(y, t, score, 1.0))
    assert "weight it by the share" in hint(name, right, observed_lift(top))
    assert "top half" in hint(name, right, observed_lift(half) * len(half) / len(y))
    assert "not the mixed plan" in hint(name, right, everyone)
    assert "compares the plan with the men's" in hint(name, right, right - everyone)
    assert "percentage" in hint(name, right, right * 100)
    assert "rank the test customers by score" in hint(name, right, right + 0.01)


def test_best_contacts_mistakes_and_nearly_as_profitable_plans():
    name, context = "cs10_best_contacts", contexts()["cs10_best_contacts"]
    right = best_contacts("defaults")
    test_peak = best_contacts("defaults", half="test")
    n, gain = context["contacts"], context["extra_visits"]
    profit = VALUE * gain - E_MAIL_COST * n
    assert right != test_peak
    assert "*test* half" in hint(name, right, test_peak)
    # The best list costs more than the $1,500 budget, so stopping at the budget is the mistake to expect.
    assert right * E_MAIL_COST > BUDGET
    within_budget = int(n[np.argmax(np.where(n * E_MAIL_COST <= BUDGET, profit, -np.inf))])
    assert within_budget < right
    assert "stops at the budget" in hint(name, right, within_budget)
    assert "e-mails everyone" in hint(name, right, int(n[-1]))
    assert "between 0 and 32,000" in hint(name, right, 32_001)
    assert "earns $" in hint(name, right, 0)
    close = n[profit >= profit.max() - 0.004 * abs(profit.max())]
    for contacts in {right, int(close.min()), int(close.max())}:
        assert check.cs10_best_contacts(contacts, **context).status == "correct"
    assert "out-of-fold profit peaks" in check.cs10_best_contacts(right, **context).message


def test_best_contacts_is_chosen_on_out_of_fold_scores_not_on_the_models_own_customers():
    """The in-sample training curve flatters the models; section 8 chooses on the out-of-fold curve instead."""
    *_, seed, test_size = SETTINGS["defaults"]
    _, _, y_train, _, t_train, _ = split("any", "visit", seed, test_size)
    in_sample = tie_aware_curve(y_train, t_train, two_model_scores("any", "visit", seed, test_size, "train"))
    out_of_fold = tie_aware_curve(y_train, t_train, out_of_fold_scores(seed, test_size))
    assert area(in_sample) > area(out_of_fold) + 30


def test_checks_name_the_lessons_objects_when_the_call_is_wrong():
    context = dict(contexts()["cs10_mixed_plan"], share=30)
    with pytest.raises(ValueError, match="share"):
        check.cs10_mixed_plan(0.02, **context)
    context = dict(contexts()["cs10_best_contacts"], contacts=context["y"])
    with pytest.raises(ValueError, match="uplift curve"):
        check.cs10_best_contacts(100, **context)
    with pytest.raises(TypeError, match="pandas"):
        check.cs10_two_model_function(make_two_model(0.01), **dict(contexts()["cs10_two_model_function"], X_train=np.zeros((5, 8))))


@pytest.mark.parametrize("setting", list(SETTINGS))
def test_mixed_plan_accepts_a_quantile_cut_off_that_keeps_tied_customers_together(setting):
    context = _contexts(setting)["cs10_mixed_plan"]
    s, y, t = np.asarray(context["score"]), np.asarray(context["y"], dtype=float), np.asarray(context["treatment"])
    assert len(np.unique(s)) < len(s)  # the Hillstrom scores tie (customers with the same features)
    for chosen in (s >= np.quantile(s, 1 - MEN_SHARE), s > np.sort(s)[::-1][round(MEN_SHARE * len(s)) - 1]):
        value = (y[chosen & (t == 1)].mean() - y[chosen & (t == 0)].mean()) * chosen.mean()
        assert check.cs10_mixed_plan(value, **context).status == "correct"
