"""helpers.boundaries: the grid, the class scores of each kind of classifier, and the panel."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from sklearn.linear_model import LogisticRegression, Perceptron  # noqa: E402
from sklearn.neighbors import KNeighborsClassifier  # noqa: E402
from sklearn.svm import SVC  # noqa: E402

from helpers.boundaries import class_scores, make_grid, plot_decision_boundary  # noqa: E402

X = np.array([[0.0, 0.0], [0.2, 0.4], [1.0, 1.0], [1.2, 0.8]])
y = np.array([0, 0, 1, 1])


def test_grid_covers_the_data_with_a_margin():
    xx, yy, points = make_grid(X, resolution=7, margin=0.5)
    assert xx.shape == yy.shape == (7, 7) and points.shape == (49, 2)
    assert points[:, 0].min() == pytest.approx(-0.5) and points[:, 0].max() == pytest.approx(1.7)
    assert points[:, 1].min() == pytest.approx(-0.5) and points[:, 1].max() == pytest.approx(1.5)


@pytest.mark.parametrize(
    ("model", "threshold"),
    [(LogisticRegression(), 0.5), (Perceptron(random_state=0), 0.0), (SVC(kernel="rbf"), 0.0)],
)
def test_scores_use_proba_then_decision_function(model, threshold):
    model.fit(X, y)
    values, cut = class_scores(model, X)
    assert cut == threshold and values.shape == (4,)
    assert np.array_equal(values > cut, model.predict(X) == 1)


def test_scores_fall_back_to_labels():
    class LabelsOnly:
        classes_ = np.array([0, 1])

        def predict(self, points):
            return (np.asarray(points)[:, 0] > 0.5).astype(int)

    values, cut = class_scores(LabelsOnly(), X)
    assert cut == 0.5 and values.tolist() == [0, 0, 1, 1]


def test_panel_draws_regions_boundary_points_and_score():
    model = KNeighborsClassifier(n_neighbors=1).fit(X, y)
    fig, ax = plt.subplots()
    returned = plot_decision_boundary(model, X, y, X[:2], y[:2], ax=ax, title="1-NN", score=0.75, resolution=30)
    assert returned is ax and ax.get_title() == "1-NN"
    assert ax.texts[0].get_text() == "0.75"
    assert len(ax.collections) >= 4  # filled regions, boundary, training and test points
    plt.close(fig)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: make_grid([[0, 0, 0]]), ValueError, "shape"),
        (lambda: make_grid("abc"), TypeError, "numeric"),
        (lambda: make_grid([[0, np.nan]]), ValueError, "finite"),
        (lambda: make_grid(X, resolution=1), ValueError, "resolution"),
        (lambda: make_grid(X, margin=-1), ValueError, "margin"),
        (lambda: class_scores("model", X), TypeError, "fitted classifier"),
        (lambda: plot_decision_boundary(LogisticRegression().fit(X, y), X, y[:3]), ValueError, "y_train"),
        (lambda: plot_decision_boundary(LogisticRegression().fit(X, y), X, y, X), ValueError, "both X_test"),
        (lambda: plot_decision_boundary(LogisticRegression().fit(X, y), X, y, score="high"), TypeError, "score"),
    ],
)
def test_bad_arguments_are_named(call, error, match):
    with pytest.raises(error, match=match):
        call()
    plt.close("all")


def test_multiclass_models_are_refused():
    model = LogisticRegression().fit(np.vstack([X, [[3, 3]]]), [0, 0, 1, 1, 2])
    with pytest.raises(ValueError, match="binary"):
        class_scores(model, X)
