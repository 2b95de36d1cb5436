"""Exercise checks of case study 11: right, and wrong without giving the value away (placeholders and wrong
types: test_exercises_contract.py)."""

import numpy as np
import pytest
from exercise_contract import assert_wrong_answer_hides_right
from scipy import stats

from helpers import check
from helpers.data import load_open_bandit


def _expected_ips_top5():
    log = load_open_bandit("random", verbose=False)
    day = log["timestamp"].dt.day
    train, test = log[day <= 27], log[day > 27]
    clicks = train.groupby("item_id")["click"].sum().reindex(range(80), fill_value=0).to_numpy()
    shown = train.groupby("item_id").size().reindex(range(80), fill_value=0).to_numpy()
    ranking = sorted(range(80), key=lambda i: (-clicks[i], -clicks[i] / shown[i], i))
    top5 = set(ranking[:5])
    weight = np.where(test["item_id"].isin(top5), (1 / 5) / test["propensity_score"], 0.0)
    return float(np.mean(weight * test["click"]))


EXPECTED = {
    "cs11_bayes_ucb": float(stats.beta.ppf(0.95, 10, 52)),
    "cs11_softmax_temperature": 0.01 / np.log(2 / (np.sqrt(5) - 1)),
    "cs11_oracle_rate": 0.05,  # E[max of the three arms' probabilities] for the book's weights
    "cs11_ips_top5": None,  # computed from the data below
}
WRONG = {
    "cs11_bayes_ucb": 0.15,  # the observed rate, not the quantile
    "cs11_softmax_temperature": 0.05,  # the book's temperature: too hot
    "cs11_oracle_rate": 0.027,  # the rate of random choice
    "cs11_ips_top5": 0.0038,  # the random log's overall click rate
}


def _expected(name):
    return _expected_ips_top5() if name == "cs11_ips_top5" else EXPECTED[name]


@pytest.mark.parametrize("name", list(EXPECTED))
def test_right_answer_is_correct(name):
    feedback = getattr(check, name)(_expected(name))
    assert feedback.status == "correct", feedback


@pytest.mark.parametrize("name", list(EXPECTED))
def test_wrong_answer_is_incorrect_without_the_value(name):
    assert_wrong_answer_hides_right(name, _expected(name), WRONG[name])


def test_percentages_get_a_friendly_hint():
    feedback = check.cs11_oracle_rate(5.0)
    assert feedback.status == "incorrect" and "percentage" in feedback.message


def test_softmax_hint_says_which_way_to_go():
    assert "too hot" in check.cs11_softmax_temperature(0.05).message
    assert "too cold" in check.cs11_softmax_temperature(0.01).message
    assert "positive" in check.cs11_softmax_temperature(-0.02).message


def test_tolerances_accept_monte_carlo_answers():
    X = np.random.default_rng(0).random((200_000, 7))
    monte_carlo = np.clip(X @ np.array([[0.05, 0.05, -0.05, 0, 0, 0, 0], [-0.05, 0.05, 0.05, 0, 0, 0, 0],
                                        [0.05, -0.05, 0.05, 0, 0, 0, 0]]).T, 0, 1).max(axis=1).mean()
    assert check.cs11_oracle_rate(monte_carlo)
