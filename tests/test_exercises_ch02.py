"""Checks of chapter 2: right answers pass under two parameter settings, the likely wrong answers get
their own hint without the value (placeholders, wrong types and lists: test_exercises_contract.py).

The lesson's data are rebuilt here as the notebook builds them; each right answer is recomputed with
another method than the check uses (a simulation, a scikit-learn helper, a pandas count).
"""

from functools import lru_cache

import numpy as np
import pandas as pd
import pytest
from exercise_contract import assert_wrong_answer_hides_right
from sklearn.datasets import load_digits, make_blobs
from sklearn.decomposition import PCA
from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression, Perceptron
from sklearn.metrics import log_loss
from sklearn.model_selection import GridSearchCV, KFold, StratifiedKFold, cross_val_score, train_test_split
from sklearn.neighbors import KNeighborsClassifier
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier

from helpers import check

NAMES = [
    "ch02_bayes_blobs", "ch02_xor_feature", "ch02_log_loss", "ch02_knn_k",
    "ch02_choose_k", "ch02_pca_components", "ch02_lift", "ch02_pick_model",
]
OTHER_ANSWERS = {"ch02_choose_k", "ch02_pick_model"}  # functions

BLOB_CENTRES, BLOB_SPREAD = [(2, 2), (1, 1)], 0.5
XOR_CORNERS = [((1, 1), 0), ((-1, 1), 1), ((-1, -1), 0), ((1, -1), 1)]
K_NEIGHBOURS = [1, 3, 5, 7, 9, 11, 15, 21, 31, 41, 51]
K_VALUES = list(range(2, 9))
BASKETS = [
    "bread,butter,milk", "bread,butter", "beer,chips", "bread,milk", "beer,chips,salsa", "bread,butter,jam",
    "milk,cereal", "beer,chips,bread", "bread,butter,milk,cereal", "chips,salsa", "beer,chips,salsa",
    "milk,cereal,bread",
]
MS_PER_ROW = {
    "Perceptron": 0.11, "Logistic regression": 0.11, "Linear SVM": 0.10, "RBF SVM": 0.10, "MLP": 0.11,
    "k-NN": 0.9, "Decision tree": 0.08, "Random forest": 14.0, "Gradient boosting": 0.21,
}
DEFAULT = {"seed": 100, "n_per_blob": 50, "xor_spread": 1.0}
OTHER = {"seed": 7, "n_per_blob": 80, "xor_spread": 0.6}  # another seed, more and less noisy points


@lru_cache(maxsize=4)
def _lesson(seed, n_per_blob, xor_spread):
    """The notebook's data for one setting of its parameters cell."""
    book_rng = np.random.RandomState(seed)

    def blob(centre, spread):
        return np.hstack([book_rng.normal(centre[0], spread, (n_per_blob, 1)), book_rng.normal(centre[1], spread, (n_per_blob, 1))])

    X_blobs = np.vstack([blob(c, BLOB_SPREAD) for c in BLOB_CENTRES])
    X_xor = np.vstack([blob(c, xor_spread) for c, _ in XOR_CORNERS])
    y_blobs = np.repeat([0, 1], n_per_blob)
    y_xor = np.repeat([label for _, label in XOR_CORNERS], n_per_blob)
    blobs = train_test_split(X_blobs, y_blobs, test_size=0.4, random_state=seed)
    xor = train_test_split(X_xor, y_xor, test_size=0.4, random_state=seed)
    X_groups, _ = make_blobs(n_samples=300, centers=[(-5, -2), (0, 5), (4, -3), (6, 4)], cluster_std=1.0, random_state=seed)
    return {
        "blobs": blobs,
        "xor": xor,
        "model": LogisticRegression().fit(blobs[0], blobs[2]),
        "folds": StratifiedKFold(n_splits=5, shuffle=True, random_state=seed),
        "X_groups": X_groups,
        "seed": seed,
    }


def _items(baskets=tuple(BASKETS)):
    return pd.Series(list(baskets)).str.get_dummies(sep=",").astype(bool)


@lru_cache(maxsize=1)
def _candidates():
    """The notebook's table: the nine classifiers' CV accuracy on the XOR training points, and latencies."""
    lesson = _lesson(**DEFAULT)
    X_train, _, y_train, _ = lesson["xor"]
    seed = lesson["seed"]
    models = {
        "Perceptron": Perceptron(max_iter=20, tol=None, random_state=seed),
        "Logistic regression": LogisticRegression(),
        "Linear SVM": SVC(kernel="linear"),
        "RBF SVM": SVC(kernel="rbf", gamma=1),
        "MLP": MLPClassifier(hidden_layer_sizes=(20,), learning_rate_init=0.01, tol=1e-3, max_iter=3_000, random_state=seed),
        "k-NN": KNeighborsClassifier(n_neighbors=5),
        "Decision tree": DecisionTreeClassifier(max_depth=4, random_state=seed),
        "Random forest": RandomForestClassifier(n_estimators=100, random_state=seed),
        "Gradient boosting": GradientBoostingClassifier(n_estimators=100, random_state=seed),
    }
    scores = pd.DataFrame({name: cross_val_score(m, X_train, y_train, cv=lesson["folds"]) for name, m in models.items()}).T
    table = pd.DataFrame({"cv_accuracy": scores.mean(axis=1), "cv_se": scores.std(axis=1, ddof=1) / np.sqrt(5)})
    table = table.sort_values("cv_accuracy", ascending=False, kind="stable")
    return table[["cv_accuracy"]].assign(ms_per_row=pd.Series(MS_PER_ROW)), float(table["cv_se"].iloc[0])


def _contexts(seed, n_per_blob, xor_spread, *, candidates=None):
    lesson = _lesson(seed, n_per_blob, xor_spread)
    bX_train, bX_test, by_train, by_test = lesson["blobs"]
    xX_train, xX_test, xy_train, xy_test = lesson["xor"]
    xor = {"X_train": xX_train, "X_test": xX_test, "y_train": xy_train, "y_test": xy_test}
    table, margin = candidates if candidates is not None else _candidates()
    return {
        "ch02_bayes_blobs": {"centres": BLOB_CENTRES, "spread": 2 * BLOB_SPREAD},
        "ch02_xor_feature": xor,
        "ch02_log_loss": {"model": lesson["model"], "X_train": bX_train, "y_train": by_train, "X_test": bX_test, "y_test": by_test},
        "ch02_knn_k": {**xor, "k_values": K_NEIGHBOURS, "folds": lesson["folds"]},
        "ch02_choose_k": {"X": lesson["X_groups"], "k_values": K_VALUES, "seed": seed},
        "ch02_pca_components": {"X": load_digits().data, "share": 0.9},
        "ch02_lift": {"items": _items()},
        "ch02_pick_model": {"candidates": table, "budget_ms": 1.0, "margin": margin},
    }


@lru_cache(maxsize=1)
def contexts():
    """{exercise: the keyword arguments of its check in the notebook}, at the default parameters."""
    return _contexts(**DEFAULT)


def _other():
    table = pd.DataFrame({"cv_accuracy": [0.81, 0.80, 0.74], "ms_per_row": [3.0, 0.4, 0.1]}, index=["forest", "svm", "logistic"])
    return _contexts(**OTHER, candidates=(table, 0.02))


SETTINGS = {"default": contexts, "other": _other}


def _run(name, answer, ctx):
    return getattr(check, name)(answer, **ctx[name])


def _wrong(name, right, wrong, ctx, *, says):
    """``wrong`` is incorrect, with a hint that contains ``says`` and shows no spelling of ``right``."""
    message = assert_wrong_answer_hides_right(name, right, wrong, **ctx[name]).message
    assert says in message, message


def test_the_chapter_has_these_exercises():
    assert check.exercises("ch02") == sorted(NAMES)
    assert all(check.kind(name) == "code" for name in NAMES)


def test_the_rebuilt_data_are_the_books():
    lesson = _lesson(**DEFAULT)
    X_train, X_test, y_train, _ = lesson["xor"]
    assert X_train.shape == (120, 2) and X_test.shape == (80, 2)
    assert round(y_train.mean(), 2) == 0.45  # printed by the notebook: 45% of training points in class 1


# --- 1. Bayes accuracy of the wider blobs --------------------------------------------------------------


def _simulated_bayes(centres, spread, n=400_000, seed=0):
    """Accuracy of the nearest-centre rule on fresh points (another method than the check's formula)."""
    rng = np.random.default_rng(seed)
    centres = np.asarray(centres, dtype=float)
    X = np.vstack([rng.normal(c, spread, size=(n, 2)) for c in centres])
    nearest = ((X[:, None, :] - centres) ** 2).sum(axis=2).argmin(axis=1)
    return float(np.mean(nearest == np.repeat([0, 1], n)))


@pytest.mark.parametrize(("centres", "spread"), [(BLOB_CENTRES, 1.0), ([(0, 0), (3, 1)], 0.8)])
def test_bayes_right_answer_by_simulation(centres, spread):
    ctx = {"ch02_bayes_blobs": {"centres": centres, "spread": spread}}
    right = _simulated_bayes(centres, spread)
    assert _run("ch02_bayes_blobs", right, ctx)
    assert _run("ch02_bayes_blobs", 100 * right, ctx).message.startswith("almost: that looks like a percentage")


def test_bayes_wrong_answers_get_their_hint():
    from scipy.stats import norm

    ctx = contexts()
    right = _simulated_bayes(BLOB_CENTRES, 1.0)
    _wrong("ch02_bayes_blobs", right, norm.cdf(np.sqrt(2) / 1.0), ctx, says="original blobs")  # the printed 0.921
    _wrong("ch02_bayes_blobs", right, 0.921, ctx, says="half the distance")
    _wrong("ch02_bayes_blobs", right, norm.cdf(1 / 2), ctx, says="straight-line distance")
    _wrong("ch02_bayes_blobs", right, 1 - right, ctx, says="share of mistakes")


def test_bayes_cannot_judge_identical_centres():
    feedback = check.ch02_bayes_blobs(0.5, centres=[(1, 1), (1, 1)], spread=0.5)
    assert feedback.status == "unjudged" and "coincide" in feedback.message


def test_bayes_refuses_a_wrong_spread():
    with pytest.raises(ValueError, match="spread"):
        check.ch02_bayes_blobs(0.7, centres=BLOB_CENTRES, spread=-1)


# --- 2. XOR with the product feature: the gain over the two original features ---------------------------


def _xor_accuracies(ctx, on="test"):
    """Accuracy with the product (built by PolynomialFeatures, not by hand) and without it."""
    c = ctx["ch02_xor_feature"]
    product = make_pipeline(PolynomialFeatures(2, interaction_only=True, include_bias=False), LogisticRegression())
    product.fit(c["X_train"], c["y_train"])
    plain = LogisticRegression().fit(c["X_train"], c["y_train"])
    X, y = (c["X_test"], c["y_test"]) if on == "test" else (c["X_train"], c["y_train"])
    return product.score(X, y), plain.score(X, y)


@pytest.mark.parametrize("setting", list(SETTINGS))
def test_xor_feature_right_answer(setting):
    ctx = SETTINGS[setting]()
    with_product, without = _xor_accuracies(ctx)
    assert with_product - without > 0.1  # the feature helps in both settings
    assert _run("ch02_xor_feature", with_product - without, ctx)


def test_xor_feature_wrong_answers_get_their_hint():
    ctx = contexts()
    with_product, without = _xor_accuracies(ctx)
    right = with_product - without
    train_with, train_without = _xor_accuracies(ctx, on="train")
    _wrong("ch02_xor_feature", right, with_product, ctx, says="new model's test accuracy")  # forgot to subtract
    _wrong("ch02_xor_feature", right, train_with - train_without, ctx, says="training points")
    _wrong("ch02_xor_feature", right, -right, ctx, says="sign is reversed")
    _wrong("ch02_xor_feature", right, 100 * right, ctx, says="percentage points")
    n_test = len(ctx["ch02_xor_feature"]["y_test"])
    _wrong("ch02_xor_feature", right, right - 1 / n_test, ctx, says="column_stack")  # one test point off


def test_xor_feature_answer_is_not_the_printed_cv_accuracy():
    """The product model's accuracy alone (0.700) equals the chosen gamma's printed CV accuracy: not accepted."""
    ctx = contexts()
    with_product, _ = _xor_accuracies(ctx)
    assert round(with_product, 3) == 0.7
    assert _run("ch02_xor_feature", 0.700, ctx).status == "incorrect"


# --- 3. log loss on the test points ---------------------------------------------------------------------


def _test_log_loss(ctx):
    c = ctx["ch02_log_loss"]
    return log_loss(c["y_test"], c["model"].predict_proba(c["X_test"]))


@pytest.mark.parametrize("setting", list(SETTINGS))
def test_log_loss_right_answer(setting):
    ctx = SETTINGS[setting]()
    assert _run("ch02_log_loss", _test_log_loss(ctx), ctx)


def test_log_loss_wrong_answers_get_their_hint():
    ctx = contexts()
    c = ctx["ch02_log_loss"]
    right = _test_log_loss(ctx)
    train = log_loss(c["y_train"], c["model"].predict_proba(c["X_train"]))
    swapped = log_loss(c["y_test"], c["model"].predict_proba(c["X_test"])[:, ::-1])
    _wrong("ch02_log_loss", right, train, ctx, says="training points")
    _wrong("ch02_log_loss", right, swapped, ctx, says="swapped")
    _wrong("ch02_log_loss", right, right * len(c["y_test"]), ctx, says="sum")
    _wrong("ch02_log_loss", right, right / np.log(2), ctx, says="bits")


def test_log_loss_refuses_a_model_without_probabilities():
    c = contexts()["ch02_log_loss"]
    with pytest.raises(TypeError, match="predict_proba"):
        check.ch02_log_loss(0.2, **{**c, "model": "a model"})


# --- 4. k of k-NN by cross-validation -------------------------------------------------------------------


def _cv_best_k(ctx):
    c = ctx["ch02_knn_k"]
    search = GridSearchCV(KNeighborsClassifier(), {"n_neighbors": c["k_values"]}, cv=c["folds"])
    return search.fit(c["X_train"], c["y_train"]).best_params_["n_neighbors"]


@pytest.mark.parametrize("setting", list(SETTINGS))
def test_knn_k_right_answer(setting):
    ctx = SETTINGS[setting]()
    best = _cv_best_k(ctx)
    assert _run("ch02_knn_k", best, ctx)
    assert _run("ch02_knn_k", np.int64(best), ctx) and _run("ch02_knn_k", float(best), ctx)


def test_knn_k_accepts_every_tied_best():
    ctx = contexts()
    c = ctx["ch02_knn_k"]
    cv = {k: cross_val_score(KNeighborsClassifier(n_neighbors=k), c["X_train"], c["y_train"], cv=c["folds"]).mean() for k in K_NEIGHBOURS}
    tied = [k for k, v in cv.items() if v >= max(cv.values()) - 1e-9]
    assert len(tied) >= 2  # with the default seed, k = 11 and k = 15 tie
    assert all(_run("ch02_knn_k", k, ctx) for k in tied)


def test_knn_k_wrong_answers_get_their_hint():
    ctx = contexts()
    c = ctx["ch02_knn_k"]
    right = _cv_best_k(ctx)
    test_scores = {k: KNeighborsClassifier(n_neighbors=k).fit(c["X_train"], c["y_train"]).score(c["X_test"], c["y_test"]) for k in K_NEIGHBOURS}
    on_test = max(test_scores, key=test_scores.get)
    assert on_test != right
    _wrong("ch02_knn_k", right, 1, ctx, says="memorised")
    _wrong("ch02_knn_k", right, on_test, ctx, says="test set")
    _wrong("ch02_knn_k", right, K_NEIGHBOURS.index(right), ctx, says="position")
    _wrong("ch02_knn_k", right, 12, ctx, says="k_values")
    _wrong("ch02_knn_k", right, 51, ctx, says="cv=folds")
    _wrong("ch02_knn_k", right, right + 0.5, ctx, says="whole number")


def test_knn_k_another_split_is_judged_on_that_split():
    ctx = contexts()
    c = {**ctx["ch02_knn_k"], "folds": KFold(n_splits=4, shuffle=True, random_state=1)}
    search = GridSearchCV(KNeighborsClassifier(), {"n_neighbors": K_NEIGHBOURS}, cv=c["folds"]).fit(c["X_train"], c["y_train"])
    assert check.ch02_knn_k(search.best_params_["n_neighbors"], **c)


@pytest.mark.parametrize(
    ("change", "says"),
    [({"folds": StratifiedKFold(5, shuffle=True)}, "random_state"), ({"k_values": [1, 3, 200]}, "larger than a training fold")],
)
def test_knn_k_cannot_judge_unrepeatable_folds_or_huge_k(change, says):
    feedback = check.ch02_knn_k(5, **{**contexts()["ch02_knn_k"], **change})
    assert feedback.status == "unjudged" and says in feedback.message


# --- 5. a function that chooses k for k-means ----------------------------------------------------------


def _choose_k_right(X, k_values):
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    scores = [silhouette_score(X, KMeans(n_clusters=k, n_init=5, random_state=0).fit_predict(X)) for k in k_values]
    return list(k_values)[int(np.argmax(scores))]


@pytest.mark.parametrize("setting", list(SETTINGS))
def test_choose_k_right_function(setting):
    ctx = SETTINGS[setting]()
    assert _run("ch02_choose_k", _choose_k_right, ctx)


def _inertia_k(X, k_values):
    from sklearn.cluster import KMeans

    inertia = {k: KMeans(n_clusters=k, n_init=3, random_state=0).fit(X).inertia_ for k in k_values}
    return min(inertia, key=inertia.get)


def _position_k(X, k_values):
    return list(k_values).index(_choose_k_right(X, k_values))


def _first_k(X, k_values):
    return k_values[0]


def _broken(X, k_values):
    raise RuntimeError("oops")


@pytest.mark.parametrize(
    ("answer", "says"),
    [
        (_inertia_k, "Inertia always falls"),
        (_position_k, "position"),
        (_first_k, "another k"),
        (_broken, "RuntimeError: oops"),
        (lambda X, k_values: "four", "whole number"),
        (lambda X, k_values: 4, "another k"),  # right on the lesson's points only
        (4, "the answer is a function"),
    ],
)
def test_choose_k_wrong_functions_get_their_hint(answer, says):
    ctx = contexts()
    c = ctx["ch02_choose_k"]
    _wrong("ch02_choose_k", _choose_k_right(c["X"], c["k_values"]), answer, ctx, says=says)


# --- 6. number of principal components -----------------------------------------------------------------


@pytest.mark.parametrize("share", [0.9, 0.8])
def test_pca_components_right_answer(share):
    ctx = {"ch02_pca_components": {"X": load_digits().data, "share": share}}
    right = PCA(n_components=share, svd_solver="full").fit(load_digits().data).n_components_
    assert _run("ch02_pca_components", right, ctx) and _run("ch02_pca_components", np.int64(right), ctx)


def test_pca_components_wrong_answers_get_their_hint():
    from sklearn.preprocessing import StandardScaler

    ctx = contexts()
    data = load_digits().data
    right = PCA(n_components=0.9, svd_solver="full").fit(data).n_components_
    scaled = StandardScaler().fit_transform(data[:, data.std(axis=0) > 0])
    standardised = PCA(n_components=0.9, svd_solver="full").fit(scaled).n_components_
    assert standardised != right
    _wrong("ch02_pca_components", right, right - 1, ctx, says="one short")
    _wrong("ch02_pca_components", right, standardised, ctx, says="standardising")
    _wrong("ch02_pca_components", right, right + 0.5, ctx, says="whole number")


# --- 7. lift of {bread, butter} -> {milk} ----------------------------------------------------------------

OTHER_BASKETS = ("bread,butter,milk", "bread,butter,milk", "bread,butter", "milk", "beer", "bread,milk", "butter")


def _lift_by_counting(baskets):
    sets = [set(b.split(",")) for b in baskets]
    both = [s for s in sets if {"bread", "butter"} <= s]
    return (sum("milk" in s for s in both) / len(both)) / (sum("milk" in s for s in sets) / len(sets))


@pytest.mark.parametrize("baskets", [tuple(BASKETS), OTHER_BASKETS])
def test_lift_right_answer(baskets):
    ctx = {"ch02_lift": {"items": _items(baskets)}}
    assert _run("ch02_lift", _lift_by_counting(baskets), ctx)


def test_lift_wrong_answers_get_their_hint():
    ctx = contexts()
    right = _lift_by_counting(BASKETS)
    _wrong("ch02_lift", right, 2 / 4, ctx, says="confidence")  # 2 of the 4 bread-and-butter baskets hold milk
    _wrong("ch02_lift", right, 2 / 12, ctx, says="support of the rule")
    _wrong("ch02_lift", right, 1.371, ctx, says="bread -> milk")  # printed in the rules table


def test_lift_cannot_judge_baskets_without_the_left_side():
    feedback = check.ch02_lift(1.0, items=_items(("bread,milk", "butter,milk", "beer")))
    assert feedback.status == "unjudged"


# --- 8. the decision rule ----------------------------------------------------------------------------------


def _pick_by_sorting(candidates, budget_ms, margin):
    """The rule written another way: sort by speed, take the first that fits and is near the best."""
    fits = candidates.loc[candidates["ms_per_row"] <= budget_ms]
    if len(fits) == 0:
        return None
    best = fits["cv_accuracy"].max()
    for name, row in fits.sort_values("ms_per_row").iterrows():
        if row["cv_accuracy"] >= best - margin:
            return name
    return None


@pytest.mark.parametrize("setting", list(SETTINGS))
def test_pick_model_right_function(setting):
    ctx = SETTINGS[setting]()
    assert _run("ch02_pick_model", _pick_by_sorting, ctx)


def test_pick_model_on_the_lessons_table():
    table, margin = _candidates()
    assert _pick_by_sorting(table, 1.0, margin) == "RBF SVM"  # the forest is over the budget; k-NN is within the margin but slower


def _ignores_budget(c, b, m):
    near = c[c["cv_accuracy"] >= c["cv_accuracy"].max() - m]
    return near["ms_per_row"].idxmin()


def _ignores_margin(c, b, m):
    fits = c[c["ms_per_row"] <= b]
    return None if fits.empty else fits["cv_accuracy"].idxmax()


def _fastest(c, b, m):
    fits = c[c["ms_per_row"] <= b]
    return None if fits.empty else fits["ms_per_row"].idxmin()


def _strict(c, b, m):
    return _pick_by_sorting(c[c["ms_per_row"] < b], b, m)


def _positions(c, b, m):
    name = _pick_by_sorting(c, b, m)
    return None if name is None else list(c.index).index(name)


def _never_none(c, b, m):
    return _pick_by_sorting(c, b, m) or c["ms_per_row"].idxmin()


def _crashes_when_nothing_fits(c, b, m):
    fits = c[c["ms_per_row"] <= b]
    return fits.loc[fits["cv_accuracy"] >= fits["cv_accuracy"].max() - m, "ms_per_row"].idxmin()


@pytest.mark.parametrize(
    ("answer", "says"),
    [
        (_ignores_budget, "slower than budget_ms"),
        (_ignores_margin, "most accurate model that fits"),
        (_fastest, "fastest model that fits"),
        (_strict, "exactly budget_ms"),
        (_positions, "not its position"),
        (_never_none, "return None"),
        (_crashes_when_nothing_fits, "no model fits the budget"),
        (lambda c, b, m: "RBF SVM", "three steps"),
        ("RBF SVM", "the answer is a function"),
    ],
)
def test_pick_model_wrong_functions_get_their_hint(answer, says):
    ctx = contexts()
    c = ctx["ch02_pick_model"]
    _wrong("ch02_pick_model", _pick_by_sorting(c["candidates"], c["budget_ms"], c["margin"]), answer, ctx, says=says)


def test_pick_model_refuses_a_table_without_the_columns():
    with pytest.raises(ValueError, match="cv_accuracy and ms_per_row"):
        check.ch02_pick_model(_pick_by_sorting, candidates=pd.DataFrame({"accuracy": [0.7]}), budget_ms=1.0, margin=0.01)
