"""helpers.mlops: the customer simulator, the model pipeline, safe model files and fingerprints."""

import numpy as np
import pandas as pd
import pytest
import skops.io

from helpers import mlops
from helpers.mlops import FEATURES, STABLE, TARGET, YEAR_SCENARIO, DriftScenario


def test_simulate_customers_shape_columns_and_types():
    df = mlops.simulate_customers(1_000, seed=1)
    assert list(df.columns) == ["customer_id", "week", *FEATURES, "p_churn", TARGET, "gold"]
    assert len(df) == 1_000 and df["customer_id"].is_unique and (df["week"] == 0).all()
    for column in ("tenure_months", "support_calls", "logins_last_30d", TARGET):
        assert df[column].dtype == np.int64
    assert (df[list(FEATURES)] >= 0).all().all()
    assert df["p_churn"].between(0, 1).all() and set(df[TARGET].unique()) <= {0, 1}
    assert not df["gold"].any()


def test_simulation_is_seeded_and_the_labels_follow_the_true_probability():
    a = mlops.simulate_customers(20_000, seed=7)
    pd.testing.assert_frame_equal(a, mlops.simulate_customers(20_000, seed=7))
    assert not a.equals(mlops.simulate_customers(20_000, seed=8))
    assert a[TARGET].mean() == pytest.approx(a["p_churn"].mean(), abs=0.01)
    assert 0.15 < a[TARGET].mean() < 0.25  # about one customer in five churns


def test_weeks_and_gold_rows():
    year = mlops.simulate_customers(100, seed=0, weeks=range(-2, 3), gold_per_week=10)
    assert sorted(year["week"].unique()) == [-2, -1, 0, 1, 2]
    assert year.groupby("week")["gold"].sum().tolist() == [10] * 5
    assert year.groupby("week").head(10)["gold"].all()  # the first rows of each week are gold


def test_the_year_scenario_drifts_as_described():
    year = mlops.simulate_customers(4_000, seed=0, weeks=[0, 29, 30, 51], scenario=YEAR_SCENARIO)
    means = year.groupby("week")[["logins_last_30d", "monthly_spend", TARGET]].mean()
    assert means.loc[51, "logins_last_30d"] < means.loc[0, "logins_last_30d"] - 2
    assert means.loc[51, "monthly_spend"] > means.loc[0, "monthly_spend"] * 1.15
    assert means.loc[51, TARGET] > means.loc[0, TARGET] + 0.1
    # the sudden change: in week 30 high spenders churn more, in week 29 less
    for week, sign in [(29, -1), (30, 1)]:
        rows = year[year["week"] == week]
        corr = np.corrcoef(np.log(rows["monthly_spend"]), mlops.churn_logit(rows, YEAR_SCENARIO))[0, 1]
        assert np.sign(corr) == sign


def test_churn_logit_ignores_drift_before_week_zero_and_matches_p_churn():
    df = mlops.simulate_customers(500, seed=3, weeks=[-5], scenario=YEAR_SCENARIO)
    np.testing.assert_allclose(mlops.churn_logit(df, YEAR_SCENARIO), mlops.churn_logit(df.assign(week=0), STABLE))
    np.testing.assert_allclose(1 / (1 + np.exp(-mlops.churn_logit(df, YEAR_SCENARIO))), df["p_churn"])


def test_make_model_learns_and_keeps_the_preprocessing_inside():
    train = mlops.simulate_customers(4_000, seed=0)
    test = mlops.simulate_customers(4_000, seed=1)
    model = mlops.make_model().fit(train[list(FEATURES)], train[TARGET])
    from sklearn.metrics import roc_auc_score

    auc = roc_auc_score(test[TARGET], model.predict_proba(test[list(FEATURES)])[:, 1])
    oracle = roc_auc_score(test[TARGET], test["p_churn"])
    assert 0.65 < auc <= oracle + 0.01
    assert list(model.named_steps) == ["columntransformer", "standardscaler", "logisticregression"]


def test_save_and_load_round_trip(tmp_path):
    df = mlops.simulate_customers(500, seed=0)
    model = mlops.make_model().fit(df[list(FEATURES)], df[TARGET])
    path = mlops.save_model(model, tmp_path / "m.skops")
    loaded = mlops.load_model(path)
    np.testing.assert_array_equal(loaded.predict_proba(df[list(FEATURES)]), model.predict_proba(df[list(FEATURES)]))
    assert len(mlops.file_sha256(path)) == 64


def test_load_model_refuses_untrusted_types_unless_named(tmp_path):
    from sklearn.ensemble import HistGradientBoostingClassifier

    df = mlops.simulate_customers(300, seed=0)
    model = HistGradientBoostingClassifier(max_iter=5).fit(df[list(FEATURES)], df[TARGET])
    path = mlops.save_model(model, tmp_path / "hgb.skops")
    untrusted = skops.io.get_untrusted_types(file=path)
    assert untrusted  # skops does not trust this tree type by default
    with pytest.raises(ValueError, match="not trusted"):
        mlops.load_model(path)
    assert mlops.load_model(path, trusted=untrusted).n_iter_ == model.n_iter_


def test_a_pickle_file_is_not_accepted(tmp_path):
    import pickle

    path = tmp_path / "model.skops"
    path.write_bytes(pickle.dumps({"not": "a skops file"}))
    with pytest.raises(ValueError, match="not a skops file"):  # refused before anything is unpickled
        mlops.load_model(path)


def test_data_fingerprint_is_stable_and_sensitive():
    df = mlops.simulate_customers(200, seed=0)
    assert mlops.data_fingerprint(df) == mlops.data_fingerprint(df.copy())
    assert mlops.data_fingerprint(df) == mlops.data_fingerprint(mlops.simulate_customers(200, seed=0))
    changed = df.copy()
    changed.loc[5, "monthly_spend"] += 0.01
    assert mlops.data_fingerprint(changed) != mlops.data_fingerprint(df)
    assert mlops.data_fingerprint(df.iloc[::-1]) != mlops.data_fingerprint(df)
    assert mlops.data_fingerprint(df.rename(columns={"week": "w"})) != mlops.data_fingerprint(df)


@pytest.mark.parametrize(
    "call, error",
    [
        (lambda: mlops.simulate_customers(0, seed=0), ValueError),
        (lambda: mlops.simulate_customers(10, seed=1.5), TypeError),
        (lambda: mlops.simulate_customers(10, seed=0, gold_per_week=11), ValueError),
        (lambda: mlops.simulate_customers(10, seed=0, weeks=[]), ValueError),
        (lambda: mlops.simulate_customers(10, seed=0, weeks=[0.5]), TypeError),
        (lambda: mlops.simulate_customers(10, seed=0, scenario="year"), TypeError),
        (lambda: DriftScenario(sudden_week=1.5), TypeError),
        (lambda: DriftScenario(logins_change_per_week=float("nan")), TypeError),
        (lambda: DriftScenario(spend_growth_per_week=0.9), ValueError),
        (lambda: mlops.churn_logit(pd.DataFrame({"week": [0]})), ValueError),
        (lambda: mlops.make_model(C=0), ValueError),
        (lambda: mlops.make_model(C=True), ValueError),
        (lambda: mlops.save_model(object(), "model.pkl"), ValueError),
        (lambda: mlops.save_model(object(), "/no/such/folder/model.skops"), ValueError),
        (lambda: mlops.load_model("/no/such/file.skops"), ValueError),
        (lambda: mlops.load_model(__file__, trusted="numpy.ndarray"), TypeError),
        (lambda: mlops.file_sha256("/no/such/file"), ValueError),
        (lambda: mlops.data_fingerprint([1, 2]), TypeError),
    ],
)
def test_bad_arguments_raise_errors_that_name_them(call, error):
    with pytest.raises(error):
        call()


# --- auc_interval: the gate's paired comparison ----------------------------------------------------


def _two_models(n=600, seed=3):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    champion = y + rng.normal(0, 1.2, n)
    challenger = champion + rng.normal(0, 0.4, n)
    return y, challenger, champion


def test_auc_interval_equals_the_plain_bootstrap_with_roc_auc_score():
    from sklearn.metrics import roc_auc_score

    from helpers.stats import bootstrap_interval

    y, challenger, champion = _two_models()
    fast = mlops.auc_interval(y, challenger, champion, n_boot=60, seed=5)
    slow = bootstrap_interval(lambda y, a, b: roc_auc_score(y, a) - roc_auc_score(y, b), y, challenger, champion,
                              n_boot=60, seed=5, strata=y)
    for field in ("estimate", "low", "high", "se"):
        assert getattr(fast, field) == pytest.approx(getattr(slow, field), abs=1e-12)
    alone = mlops.auc_interval(y, challenger, n_boot=60, seed=5)
    plain = bootstrap_interval(lambda y, a: roc_auc_score(y, a), y, challenger, n_boot=60, seed=5, strata=y)
    assert (alone.estimate, alone.low, alone.high) == pytest.approx((plain.estimate, plain.low, plain.high), abs=1e-12)


def test_auc_interval_counts_ties_as_half_a_pair():
    from sklearn.metrics import roc_auc_score

    y = np.array([0, 0, 1, 1, 0, 1, 0, 1])
    scores = np.array([1, 2, 2, 3, 3, 3, 0, 1])  # ties across the classes
    assert mlops.auc_interval(y, scores, n_boot=5).estimate == pytest.approx(roc_auc_score(y, scores))
    assert mlops.auc_interval(y == 1, scores, n_boot=5).estimate == pytest.approx(roc_auc_score(y, scores))


def test_the_paired_interval_is_much_narrower_than_one_models_interval():
    y, challenger, champion = _two_models(n=2_000)
    alone = mlops.auc_interval(y, challenger, n_boot=200)
    paired = mlops.auc_interval(y, challenger, champion, n_boot=200)
    assert paired.high - paired.low < (alone.high - alone.low) / 3
    same = mlops.auc_interval(y, champion, champion, n_boot=50)
    assert (same.estimate, same.low, same.high) == (0.0, 0.0, 0.0)


@pytest.mark.parametrize(
    ("y", "scores", "baseline", "message"),
    [
        ([0, 1, 2], [0.1, 0.2, 0.3], None, "0/1 labels"),
        ([1, 1, 1], [0.1, 0.2, 0.3], None, "single class"),
        ([0, 1, 1], [0.1, 0.2], None, "one value per label"),
        ([0, 1, 1], [0.1, 0.2, 0.3], [0.1, np.nan, 0.3], "NaN"),
        ([[0, 1]], [0.1, 0.2], None, "one-dimensional"),
    ],
)
def test_auc_interval_rejects_bad_inputs(y, scores, baseline, message):
    with pytest.raises(ValueError, match=message):
        mlops.auc_interval(y, scores, baseline)
