"""Decision boundaries of two-feature classifiers: the grid, the scores on it, and one panel.

A classifier on two features splits the plane into regions. To see them, predict on a fine grid
that covers the data and colour each grid point by the model's score for class 1. The model is
fitted in the notebook (that is the lesson); this module only draws what it learned.

Example:
    >>> import numpy as np
    >>> from sklearn.linear_model import LogisticRegression
    >>> X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    >>> y = np.array([0, 0, 1, 1])
    >>> model = LogisticRegression().fit(X, y)
    >>> xx, yy, points = make_grid(X, resolution=5)
    >>> values, threshold = class_scores(model, points)
    >>> values.shape, threshold
    ((25,), 0.5)
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["class_scores", "make_grid", "plot_decision_boundary"]

SHADE_LEVELS = 6  # bands of the shading: 0-0.2, ..., 0.8-1 (more bands, bigger PNG files)


def _check_features(X: Any, name: str = "X") -> np.ndarray:
    """X as a float array of shape (n, 2), or a clear error."""
    try:
        array = np.asarray(X, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be numeric, shape (n_samples, 2), not {type(X).__name__}") from None
    if array.ndim != 2 or array.shape[1] != 2 or array.shape[0] == 0:
        raise ValueError(f"{name} must have shape (n_samples, 2) with at least one row, got {array.shape}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must hold finite numbers only (no NaN or inf)")
    return array


def _tint(colour: str, strength: float = 0.45) -> tuple[float, float, float]:
    """``colour`` mixed with white, as if drawn with transparency ``strength`` on a white page."""
    from matplotlib.colors import to_rgb

    return tuple(1 - strength + strength * c for c in to_rgb(colour))


def make_grid(X: Any, *, resolution: int = 150, margin: float = 0.5) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A regular grid covering the data in ``X`` (two columns) plus ``margin`` on every side.

    Returns ``xx`` and ``yy`` (each ``resolution`` x ``resolution``, for contour plots) and
    ``points``, the same grid as an array of shape (resolution², 2) ready for ``model.predict``.

    Example:
        >>> xx, yy, points = make_grid([[0, 0], [1, 2]], resolution=3, margin=0)
        >>> points[:3].tolist()
        [[0.0, 0.0], [0.5, 0.0], [1.0, 0.0]]
    """
    data = _check_features(X)
    if isinstance(resolution, bool) or not isinstance(resolution, (int, np.integer)) or not 2 <= resolution <= 1000:
        raise ValueError(f"resolution must be an integer between 2 and 1000, got {resolution!r}")
    if isinstance(margin, bool) or not isinstance(margin, (int, float)) or not 0 <= margin < np.inf:
        raise ValueError(f"margin must be a finite number >= 0, got {margin!r}")
    low = data.min(axis=0) - margin
    high = data.max(axis=0) + margin
    xx, yy = np.meshgrid(np.linspace(low[0], high[0], resolution), np.linspace(low[1], high[1], resolution))
    return xx, yy, np.c_[xx.ravel(), yy.ravel()]


def class_scores(model: Any, points: Any) -> tuple[np.ndarray, float]:
    """The model's score for class 1 at each point, and the score where the boundary lies.

    Uses ``predict_proba`` (boundary at 0.5) when the model has it, else ``decision_function``
    (boundary at 0), else the predicted labels (boundary at 0.5). Only binary classifiers.

    Example:
        >>> from sklearn.linear_model import Perceptron
        >>> model = Perceptron(random_state=0).fit([[0, 0], [1, 1]], [0, 1])
        >>> class_scores(model, [[0, 0], [1, 1]])[1]
        0.0
    """
    grid = _check_features(points, "points")
    if not hasattr(model, "predict"):
        raise TypeError(f"model must be a fitted classifier with predict(), not {type(model).__name__}")
    classes = getattr(model, "classes_", None)
    if classes is not None and len(classes) != 2:
        raise ValueError(f"only binary classifiers are supported, this one has {len(classes)} classes")
    if hasattr(model, "predict_proba"):
        return np.asarray(model.predict_proba(grid))[:, 1], 0.5
    if hasattr(model, "decision_function"):
        return np.asarray(model.decision_function(grid), dtype=float).ravel(), 0.0
    return np.asarray(model.predict(grid), dtype=float), 0.5


def plot_decision_boundary(
    model: Any,
    X_train: Any,
    y_train: Any,
    X_test: Any | None = None,
    y_test: Any | None = None,
    *,
    ax: Any = None,
    title: str | None = None,
    score: float | None = None,
    resolution: int = 150,
    margin: float = 0.5,
) -> Any:
    """Draw a fitted binary classifier's regions, its boundary, and the points on one axes.

    Regions are shaded by the score for class 1 (a probability, or a squashed decision value), the
    boundary is a black line, training points are circles and test points (optional) triangles.
    ``score`` (for example the test accuracy) is written in the lower right corner. The grid covers
    training and test points. Returns the axes.

    Example:
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> from sklearn.neighbors import KNeighborsClassifier
        >>> X, y = [[0, 0], [0, 1], [1, 0], [1, 1]], [0, 0, 1, 1]
        >>> model = KNeighborsClassifier(n_neighbors=1).fit(X, y)
        >>> ax = plot_decision_boundary(model, X, y, score=1.0, title="1-NN", resolution=20)
        >>> ax.get_title(), ax.texts[0].get_text()
        ('1-NN', '1.00')
    """
    import matplotlib.pyplot as plt
    from matplotlib.colors import LinearSegmentedColormap

    from helpers.plotting import PALETTE

    train = _check_features(X_train, "X_train")
    labels = np.asarray(y_train)
    if labels.shape != (len(train),):
        raise ValueError(f"y_train must hold one label per row of X_train ({len(train)}), got shape {labels.shape}")
    if (X_test is None) != (y_test is None):
        raise ValueError("give both X_test and y_test, or neither")
    everything = train
    if X_test is not None:
        test = _check_features(X_test, "X_test")
        test_labels = np.asarray(y_test)
        if test_labels.shape != (len(test),):
            raise ValueError(f"y_test must hold one label per row of X_test ({len(test)}), got shape {test_labels.shape}")
        everything = np.vstack([train, test])
    if score is not None and (isinstance(score, bool) or not isinstance(score, (int, float, np.floating))):
        raise TypeError(f"score must be a number or None, not {type(score).__name__}")

    xx, yy, points = make_grid(everything, resolution=resolution, margin=margin)
    values, threshold = class_scores(model, points)
    shade = values if threshold == 0.5 else 1 / (1 + np.exp(-np.clip(values, -30, 30)))
    if ax is None:
        _, ax = plt.subplots(figsize=(3.6, 3.2))
    # Opaque light tints instead of transparency: same look, much smaller PNG files.
    cmap = LinearSegmentedColormap.from_list("course_two_class", [_tint(PALETTE[0]), "#ffffff", _tint(PALETTE[1])])
    ax.contourf(xx, yy, shade.reshape(xx.shape), levels=np.linspace(0, 1, SHADE_LEVELS), cmap=cmap)
    if values.min() < threshold < values.max():
        ax.contour(xx, yy, values.reshape(xx.shape), levels=[threshold], colors=PALETTE[7], linewidths=1.2)
    classes = np.unique(labels)
    for colour, label in zip((PALETTE[0], PALETTE[1]), classes, strict=False):
        ax.scatter(*train[labels == label].T, s=16, color=colour, linewidth=0)
        if X_test is not None:
            ax.scatter(*test[test_labels == label].T, s=26, marker="^", color=colour, edgecolor=PALETTE[7], linewidth=0.6)
    if score is not None:
        ax.text(
            0.97, 0.04, f"{score:.2f}", transform=ax.transAxes, ha="right", va="bottom", fontsize=11,
            fontweight="bold", bbox={"facecolor": "white", "alpha": 0.8, "edgecolor": "none", "pad": 1.5},
        )
    if title is not None:
        ax.set_title(title)
    ax.set(xlim=(xx.min(), xx.max()), ylim=(yy.min(), yy.max()))
    ax.grid(False)
    return ax
