"""The exercise checks of case study 12 (helpers/exercises/cs12.py).

``lesson(setting)`` rebuilds what case_studies/12_online_advertising.ipynb builds (the impression log,
the logistic click model, the down-sampled model, the competitors, the paced day, the Open Bandit
counts) under two settings: the notebook's defaults, and another learner's (another seed, a smaller
log, twice the value per click, another down-sampling rate, budget, number of bins and of pacing
slots). The right answers are recomputed here independently of the check module (pandas groupby and
qcut, scipy's normal quantile, the odds, a hand-written auction loop and controller); a check that
judged fixed numbers would fail the second setting.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from exercise_contract import assert_wrong_answer_hides_right, spellings
from scipy.stats import norm
from sklearn.compose import make_column_transformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder

from helpers import check
from helpers.ads import FEATURES, highest_competing_bids, negative_downsample, pace_budget, simulate_impressions
from helpers.data import load_open_bandit

NAMES = [
    "cs12_calibration_error", "cs12_downsampling", "cs12_ecpm", "cs12_impressions_needed", "cs12_pacing_rule", "cs12_shading",
]
SEQUENCE_ANSWERS = {"cs12_shading": 2}
OTHER_ANSWERS = {"cs12_calibration_error", "cs12_downsampling", "cs12_pacing_rule"}
NOTEBOOK = Path(__file__).resolve().parents[1] / "case_studies" / "12_online_advertising.ipynb"

SETTINGS = {
    "defaults": {"SEED": 42, "N_IMPRESSIONS": 300_000, "N_BINS": 10, "DOWNSAMPLE_RATE": 0.1, "VALUE_PER_CLICK": 1.0,
                 "DAILY_BUDGET": 80.0, "N_SLOTS": 96},
    "other": {"SEED": 7, "N_IMPRESSIONS": 120_000, "N_BINS": 20, "DOWNSAMPLE_RATE": 0.05, "VALUE_PER_CLICK": 2.0,
              "DAILY_BUDGET": 50.0, "N_SLOTS": 48},
}
COMPETITOR_MEDIAN, COMPETITOR_SIGMA, N_COMPETITORS = 0.015, 0.5, 5
D_PRICE, D_CONVERSION, HALF_WIDTH = 30.0, 0.04, 0.1
SHADES = np.round(np.arange(0.3, 1.001, 0.05), 2)
SHADING_COMPETITORS = (2, 20)


def _click_model(X, y):
    encode = make_column_transformer(
        (OneHotEncoder(handle_unknown="ignore"), ["ad_id", "position", "device", "segment", "hour"]),
        (FunctionTransformer(np.log1p, feature_names_out="one-to-one"), ["visits"]),
    )
    return make_pipeline(encode, LogisticRegression(max_iter=1_000)).fit(X, y)


@functools.cache
def lesson(setting: str) -> dict:
    """The notebook's objects the checks are called with, under one setting."""
    s = SETTINGS[setting]
    log = simulate_impressions(s["N_IMPRESSIONS"], seed=s["SEED"])
    n_train, n_cal = s["N_IMPRESSIONS"] // 2, s["N_IMPRESSIONS"] // 4
    train, test = log.iloc[:n_train], log.iloc[n_train + n_cal :]
    X_train, y_train = train[list(FEATURES)], train["click"].to_numpy()
    p_model = _click_model(X_train, y_train).predict_proba(test[list(FEATURES)])[:, 1]
    keep = negative_downsample(y_train, s["DOWNSAMPLE_RATE"], seed=s["SEED"])
    p_small = _click_model(X_train[keep], y_train[keep]).predict_proba(test[list(FEATURES)])[:, 1]
    p_true = test["p_click"].to_numpy()
    competing = highest_competing_bids(len(test), N_COMPETITORS, median=COMPETITOR_MEDIAN, sigma=COMPETITOR_SIGMA, seed=s["SEED"])
    day = pace_budget(p_model * s["VALUE_PER_CLICK"], competing, p_true, test["time"].to_numpy(), budget=s["DAILY_BUDGET"],
                      strategy="bid", n_slots=s["N_SLOTS"], seed=s["SEED"])
    obd = load_open_bandit("random", verbose=False)
    return {"setting": s, "test": test, "y_test": test["click"].to_numpy(), "p_model": p_model, "p_small": p_small,
            "p_true": p_true, "day": day, "clicks_obd": int(obd["click"].sum()), "n_obd": len(obd)}


def _contexts(setting: str) -> dict[str, dict]:
    data, s = lesson(setting), SETTINGS[setting]
    return {
        "cs12_ecpm": {"p_click": data["p_model"], "position": data["test"]["position"], "price": D_PRICE, "conversion": D_CONVERSION},
        "cs12_calibration_error": {"y": data["y_test"], "p": data["p_model"], "n_bins": s["N_BINS"]},
        "cs12_downsampling": {"p_small": data["p_small"], "rate": s["DOWNSAMPLE_RATE"]},
        "cs12_impressions_needed": {"clicks": data["clicks_obd"], "impressions": data["n_obd"], "relative_half_width": HALF_WIDTH},
        "cs12_shading": {"p_true": data["p_true"], "value_per_click": s["VALUE_PER_CLICK"], "median": COMPETITOR_MEDIAN,
                         "sigma": COMPETITOR_SIGMA, "seed": s["SEED"], "shades": SHADES, "n_competitors": SHADING_COMPETITORS},
        "cs12_pacing_rule": {"day": data["day"], "budget": s["DAILY_BUDGET"]},
    }


@functools.cache
def contexts() -> dict[str, dict]:
    """The keyword arguments each check gets in the notebook, at the default parameters."""
    return _contexts("defaults")


# --- right answers, recomputed without the check module ---------------------------------------


def ecpm_top(data) -> float:
    frame = data["test"].assign(ecpm=D_PRICE * data["p_model"] * D_CONVERSION * 1000)
    return float(frame.groupby("position", observed=True)["ecpm"].mean().loc[1])


def ece(y, p, n_bins):
    """A learner's ECE: pandas qcut bins (another method than the check's edges and bincount)."""
    table = pd.DataFrame({"y": y, "p": p})
    table["bin"] = pd.qcut(table["p"], n_bins, labels=False, duplicates="drop")
    per_bin = table.groupby("bin").agg(n=("y", "size"), mean_p=("p", "mean"), mean_y=("y", "mean"))
    return float(np.sum(per_bin["n"] * (per_bin["mean_p"] - per_bin["mean_y"]).abs()) / len(table))


def undo_downsampling(p, w):
    """A learner's correction through the odds (another form than the check's q = p / (p + (1 - p) / w))."""
    p = np.asarray(p, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        odds = p / (1 - p) * w
        q = np.where(p >= 1, 1.0, odds / (1 + odds))
    return float(q) if q.ndim == 0 else q


def impressions(data) -> float:
    p = data["clicks_obd"] / data["n_obd"]
    return float(norm.ppf(0.975) ** 2 * (1 - p) / (HALF_WIDTH**2 * p))


def first_price_surplus(data, n_competitors: int, kind: str = "first") -> dict[float, float]:
    """Surplus per shade, the auction written out by hand."""
    s, p_true = data["setting"], data["p_true"]
    rivals = highest_competing_bids(p_true.size, n_competitors, median=COMPETITOR_MEDIAN, sigma=COMPETITOR_SIGMA, seed=s["SEED"])
    out = {}
    for shade in SHADES:
        bids = shade * p_true * s["VALUE_PER_CLICK"]
        won = bids > rivals
        paid = bids[won] if kind == "first" else rivals[won]
        out[float(shade)] = float(np.sum(p_true[won] * s["VALUE_PER_CLICK"] - paid))
    return out


def best_shades(data) -> tuple[float, float]:
    return tuple(max(table, key=table.get) for table in (first_price_surplus(data, n) for n in SHADING_COMPETITORS))


def next_lever(lever, target, spent):
    """A learner's controller, with NumPy's clip."""
    ratio = 2.0 if spent == 0 else float(np.clip(target / spent, 0.5, 2.0))
    return float(np.clip(lever * np.sqrt(ratio), 0.01, 1.0))


RIGHT = {
    "cs12_ecpm": ecpm_top,
    "cs12_calibration_error": lambda data: ece,
    "cs12_downsampling": lambda data: undo_downsampling,
    "cs12_impressions_needed": impressions,
    "cs12_shading": best_shades,
    "cs12_pacing_rule": lambda data: next_lever,
}


def test_the_chapter_has_these_exercises():
    assert check.exercises("cs12") == NAMES
    assert all(check.kind(name) == "code" for name in NAMES)
    assert set(contexts()) == set(NAMES)


@pytest.mark.parametrize("setting", list(SETTINGS))
@pytest.mark.parametrize("name", NAMES)
def test_right_answer_is_correct_under_both_settings(name, setting):
    feedback = getattr(check, name)(RIGHT[name](lesson(setting)), **_contexts(setting)[name])
    assert feedback.status == "correct", feedback


def test_the_settings_give_different_answers():
    """Otherwise the second setting would not show that the checks follow the learner's data."""
    default, other = lesson("defaults"), lesson("other")
    assert abs(ecpm_top(default) - ecpm_top(other)) > 0.1
    assert check.cs12_ecpm(ecpm_top(default), **_contexts("other")["cs12_ecpm"]).status == "incorrect"
    assert abs(ece(default["y_test"], default["p_model"], 10) - ece(other["y_test"], other["p_model"], 20)) > 1e-4
    assert best_shades(default) != best_shades(other)
    assert check.cs12_shading(best_shades(default), **_contexts("other")["cs12_shading"]).status == "incorrect"
    assert not np.allclose(default["day"]["lever"].iloc[:48], other["day"]["lever"])


def test_answers_as_numpy_and_lists_are_fine():
    data = lesson("defaults")
    assert check.cs12_ecpm(np.float64(ecpm_top(data)), **contexts()["cs12_ecpm"])
    assert check.cs12_ecpm(round(ecpm_top(data), 1), **contexts()["cs12_ecpm"])  # rounded to 10 cents
    assert check.cs12_shading(np.array(best_shades(data)), **contexts()["cs12_shading"])
    assert check.cs12_shading(list(best_shades(data)), **contexts()["cs12_shading"])
    assert check.cs12_impressions_needed(round(impressions(data)), **contexts()["cs12_impressions_needed"])
    # 1.96 instead of the exact quantile, or (1 - p) left out, is within the tolerance
    assert check.cs12_impressions_needed(impressions(data) * 1.96**2 / norm.ppf(0.975) ** 2, **contexts()["cs12_impressions_needed"])


def test_numeric_answers_are_not_printed_in_the_notebook():
    """Exercise 1 of the old lesson was passed by copying a number printed above it (issue 13)."""
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    shown = []
    for cell in nb["cells"]:
        shown.append("".join(cell["source"]) if cell["cell_type"] == "markdown" else "")
        for output in cell.get("outputs", []):
            shown.append("".join(output.get("text", "")) + "".join(output.get("data", {}).get("text/plain", "")))
    text = "\n".join(shown)
    data = lesson("defaults")
    for right in (ecpm_top(data), impressions(data)):
        precise = [s for s in spellings(right) if len(s.strip("-")) >= 5]  # "33.61", "100,711", not a bare "33"
        for spelling in precise:
            assert spelling not in text, spelling
    assert f"{ecpm_top(data):.1f}" not in text  # the check accepts the eCPM rounded to one decimal


# --- wrong answers: the mistake-specific hint, never the right value ----------------------------


def wrong(name, right, answer, context=None):
    return assert_wrong_answer_hides_right(name, right, answer, **(context or contexts()[name]))


def test_ecpm_mistakes():
    data = lesson("defaults")
    right = ecpm_top(data)
    p, top = data["p_model"], (data["test"]["position"] == 1).to_numpy()
    assert "per 1,000 impressions" in wrong("cs12_ecpm", right, right / 1000).message
    assert "all test impressions" in wrong("cs12_ecpm", right, D_PRICE * D_CONVERSION * p.mean() * 1000).message
    assert "per purchase, not per click" in wrong("cs12_ecpm", right, D_PRICE * p[top].mean() * 1000).message
    assert "average over the impressions" in wrong("cs12_ecpm", right, right + 1).message


def test_calibration_error_mistakes():
    data = lesson("defaults")
    right = ece(data["y_test"], data["p_model"], 10)

    def uniform_bins(y, p, n_bins):
        bins = np.minimum((np.asarray(p) * n_bins).astype(int), n_bins - 1)
        table = pd.DataFrame({"y": y, "p": p, "bin": bins}).groupby("bin").agg(n=("y", "size"), p=("p", "mean"), y=("y", "mean"))
        return float(np.sum(table["n"] * (table["p"] - table["y"]).abs()) / len(y))

    def no_abs(y, p, n_bins):
        return float(np.mean(p) - np.mean(y))

    def squared(y, p, n_bins):
        table = pd.DataFrame({"y": y, "p": p, "bin": pd.qcut(p, n_bins, labels=False)})
        per_bin = table.groupby("bin").agg(n=("y", "size"), p=("p", "mean"), y=("y", "mean"))
        return float(np.sum(per_bin["n"] * (per_bin["p"] - per_bin["y"]) ** 2) / len(y))

    def ten_bins(y, p, n_bins):
        return ece(y, p, 10)

    def broken(y, p, n_bins):
        raise KeyError("bin")

    cases = [
        (uniform_bins, "equal width"),
        (no_abs, "absolute gap"),
        (lambda y, p, k: -no_abs(y, p, k), "absolute gap"),
        (squared, "not squared"),
        (ten_bins, "ignores its n_bins"),
        (broken, "raised KeyError"),
        (lambda y, p, k: None, "returns None"),
        (lambda y, p, k: [0.1, 0.2], "single number"),
        (lambda y, p, k: ece(y, p, k) * 1.5, "different value"),
        (right, "expected a function"),
    ]
    for answer, phrase in cases:
        assert phrase in wrong("cs12_calibration_error", right, answer).message, phrase


def test_calibration_error_accepts_numpy_bins():
    def by_sorting(y, p, n_bins):
        order = np.argsort(p, kind="stable")
        gaps = [abs(np.mean(p[part]) - np.mean(y[part])) * part.size for part in np.array_split(order, n_bins)]
        return float(np.sum(gaps) / len(p))

    assert check.cs12_calibration_error(by_sorting, **contexts()["cs12_calibration_error"]).status == "correct"


def test_downsampling_mistakes():
    right = undo_downsampling(np.array([0.2, 0.5]), 0.05)
    cases = [
        (lambda p, w: p * w, "not the correction"),
        (lambda p, w: p / (p + (1 - p) * w), "once more"),
        (lambda p, w: p / (1 - p) * w, "o / (1 + o)"),
        (lambda p, w: float(p) / (float(p) + (1 - float(p)) / w), "NumPy array"),
        (lambda p, w: p, "other probabilities"),
        (lambda p, w: None, "returns None"),
        (lambda p, w: 0.5, "as many probabilities"),
        (0.0123, "expected a function"),
    ]
    for answer, phrase in cases:
        assert phrase in wrong("cs12_downsampling", right, answer).message, phrase


def test_impressions_needed_mistakes():
    data = lesson("defaults")
    right = impressions(data)
    p, z = data["clicks_obd"] / data["n_obd"], norm.ppf(0.975)
    cases = [
        (z**2 * p * (1 - p) / HALF_WIDTH**2, "relative"),
        (4 * right, "half-width"),
        (z * (1 - p) / (HALF_WIDTH**2 * p), "square the 1.96"),
        ((1 - p) / (HALF_WIDTH**2 * p), "1.96 standard errors"),
        (right / 10, "solve for n"),
    ]
    for answer, phrase in cases:
        assert phrase in wrong("cs12_impressions_needed", right, answer).message, phrase


def test_shading_mistakes():
    data = lesson("defaults")
    right = best_shades(data)
    assert right[0] < right[1]  # more competitors: shade less
    second = tuple(max(table, key=table.get) for table in (first_price_surplus(data, n, "second") for n in SHADING_COMPETITORS))
    assert second == (1.0, 1.0)
    worst = tuple(min(table, key=table.get) for table in (first_price_surplus(data, n) for n in SHADING_COMPETITORS))
    cases = [
        (right[::-1], "swapped"),
        (second, "second-price"),
        ((right[0], worst[1]), "20 competitors"),
        ((worst[0], right[1]), "2 competitors"),
        ((0.62, right[1]), "pick each shading factor"),
        ((right[0],), "two numbers"),
        ((right[0], "x"), "two numbers"),
    ]
    for answer, phrase in cases:
        assert phrase in wrong("cs12_shading", right, answer).message, phrase
    assert "2 competitors" not in wrong("cs12_shading", right, (right[0], worst[1])).message


def test_shading_accepts_every_shade_tied_with_the_best():
    table = first_price_surplus(lesson("defaults"), 2)
    best20 = best_shades(lesson("defaults"))[1]
    for shade, value in table.items():
        expected = "correct" if value >= max(table.values()) - 1e-9 else "incorrect"
        assert check.cs12_shading((shade, best20), **contexts()["cs12_shading"]).status == expected, shade


def test_pacing_rule_mistakes():
    right = [next_lever(0.5, 0.1, 1.0), next_lever(0.3, 3.0, 1.0), next_lever(0.9, 1.2, 1.0)]

    def inverted(lever, target, spent):
        return next_lever(lever, spent, target) if target > 0 else next_lever(lever, 0.0, 1.0)

    def undamped(lever, target, spent):
        ratio = 2.0 if spent == 0 else min(max(target / spent, 0.5), 2.0)
        return min(max(lever * ratio, 0.01), 1.0)

    def unclipped_lever(lever, target, spent):
        ratio = 2.0 if spent == 0 else min(max(target / spent, 0.5), 2.0)
        return lever * ratio**0.5

    def unclipped_ratio(lever, target, spent):
        ratio = 2.0 if spent == 0 else target / spent
        return min(max(lever * ratio**0.5, 0.01), 1.0)

    def divides_by_zero(lever, target, spent):
        return min(max(lever * min(max(target / spent, 0.5), 2.0) ** 0.5, 0.01), 1.0)

    def broken(lever, target, spent):
        raise ValueError("nope")

    cases = [
        (inverted, "goes up when the slot spent more"),
        (undamped, "power 0.5"),
        (unclipped_lever, "within [0.01, 1]"),
        (unclipped_ratio, "within [0.5, 2]"),
        (divides_by_zero, "divides by zero"),
        (broken, "raised ValueError"),
        (lambda lever, target, spent: None, "returns None"),
        (lambda lever, target, spent: "1.0x", "one number"),
        (lambda lever, target, spent: next_lever(lever, target, spent) * 0.99, "another lever"),
        (0.7, "expected a function"),
    ]
    for answer, phrase in cases:
        assert phrase in wrong("cs12_pacing_rule", right, answer).message, phrase


# --- settings a check cannot judge, and calls with the wrong data ------------------------------


def test_unjudged_settings():
    data = lesson("defaults")
    lower = data["test"]["position"].astype(int).clip(lower=2)
    assert check.cs12_ecpm(30.0, p_click=data["p_model"], position=lower, price=D_PRICE, conversion=D_CONVERSION).status == "unjudged"
    assert check.cs12_calibration_error(ece, y=[0, 1, 0, 1], p=[0.1, 0.2, 0.3, 0.4], n_bins=3).status == "unjudged"
    assert check.cs12_impressions_needed(100.0, clicks=0, impressions=10_000, relative_half_width=0.1).status == "unjudged"


def test_the_wrong_data_is_a_clear_error():
    data = lesson("defaults")
    with pytest.raises(ValueError, match="position has"):
        check.cs12_ecpm(30.0, p_click=data["p_model"], position=[1, 2], price=D_PRICE, conversion=D_CONVERSION)
    with pytest.raises(ValueError, match="conversion"):
        check.cs12_ecpm(30.0, p_click=data["p_model"], position=data["test"]["position"], price=D_PRICE, conversion=4)
    with pytest.raises(TypeError, match="array of numbers"):
        check.cs12_calibration_error(ece, y="clicks", p=data["p_model"], n_bins=10)
    with pytest.raises(ValueError, match="rate"):
        check.cs12_downsampling(undo_downsampling, p_small=data["p_small"], rate=0)
    with pytest.raises(TypeError, match="paced days"):
        check.cs12_pacing_rule(next_lever, day=data["day"]["lever"], budget=80.0)
    asap = pace_budget(data["p_model"], highest_competing_bids(len(data["p_model"]), 5, seed=42), data["p_true"],
                       data["test"]["time"].to_numpy(), budget=80.0, strategy="asap")
    with pytest.raises(ValueError, match="bid multiplier"):
        check.cs12_pacing_rule(next_lever, day=asap, budget=80.0)
    with pytest.raises(ValueError, match="bid multiplier"):
        check.cs12_pacing_rule(next_lever, day=data["day"], budget=40.0)
    with pytest.raises(ValueError, match="n_competitors"):
        check.cs12_shading((0.6, 0.7), **{**contexts()["cs12_shading"], "n_competitors": (2,)})
