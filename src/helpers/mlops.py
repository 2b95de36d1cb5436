"""The running example of chapters 4 and 6: simulated subscription customers, the churn model, safe model files.

A subscription service predicts which customers will cancel ("churn") in the next four weeks.
:func:`simulate_customers` draws customers week by week from a known process, so the lessons can
change that process on purpose (a :class:`DriftScenario`) and see what a deployed model does.
:func:`make_model` builds the whole preprocessing + model pipeline (so training and serving share
one object), and :func:`save_model` / :func:`load_model` store it with skops, a format that,
unlike pickle, refuses to build object types nobody approved. :func:`auc_interval` gives a gold-standard
ROC AUC, or the paired difference of two models' AUCs on the same customers, with a bootstrap interval
fast enough for a weekly promotion gate.

Example:
    >>> df = simulate_customers(1_000, seed=0)
    >>> list(df.columns[:5])
    ['customer_id', 'week', 'tenure_months', 'monthly_spend', 'support_calls']
    >>> model = make_model().fit(df[list(FEATURES)], df[TARGET])
    >>> float(model.predict_proba(df[list(FEATURES)].head(1))[0, 1]) < 1
    True
"""

from __future__ import annotations

import hashlib
import math
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from helpers.stats import BootstrapInterval

__all__ = [
    "FEATURES",
    "STABLE",
    "TARGET",
    "YEAR_SCENARIO",
    "DriftScenario",
    "auc_interval",
    "churn_logit",
    "data_fingerprint",
    "file_sha256",
    "load_model",
    "make_model",
    "save_model",
    "simulate_customers",
]

#: The model's inputs, in the order the prediction API and the model expect them.
FEATURES: tuple[str, ...] = ("tenure_months", "monthly_spend", "support_calls", "logins_last_30d")
#: 1 if the customer cancels within four weeks of the observation, else 0.
TARGET = "churned"


@dataclass(frozen=True)
class DriftScenario:
    """How the customers and their reasons to churn change, week by week.

    Gradual drift grows linearly with the week number (negative weeks count as week 0, the
    "before" world); the sudden change applies from ``sudden_week`` on.

    Attributes:
        logins_change_per_week: added to the mean number of logins per 30 days each week
            (covariate drift: the inputs move).
        spend_growth_per_week: relative growth of monthly spend each week (price rises).
        calls_effect_per_week: added to the log-odds effect of one support call each week
            (concept drift: the same inputs mean something else).
        logins_effect_per_week: added to the log-odds effect of one login each week.
        sudden_week: the week a competitor launches a cheaper plan (None: never).
        sudden_spend_effect: added, from then on, to the log-odds effect of spend (high spenders
            now have a cheaper alternative).
        sudden_intercept: added to the log-odds of everybody from then on.

    Example:
        >>> DriftScenario(sudden_week=30).sudden_week
        30
    """

    logins_change_per_week: float = 0.0
    spend_growth_per_week: float = 0.0
    calls_effect_per_week: float = 0.0
    logins_effect_per_week: float = 0.0
    sudden_week: int | None = None
    sudden_spend_effect: float = 0.0
    sudden_intercept: float = 0.0

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if field.name == "sudden_week":
                if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
                    raise TypeError(f"sudden_week must be an int week number or None, not {value!r}")
            elif isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise TypeError(f"{field.name} must be a finite number, not {value!r}")
        if not -0.5 < self.spend_growth_per_week < 0.5:
            raise ValueError(f"spend_growth_per_week must be a small relative change, got {self.spend_growth_per_week}")


#: No drift at all: the world of chapter 4.
STABLE = DriftScenario()
#: The year of chapter 6: engagement slowly falls and matters less, prices rise, support calls
#: matter more and more, and in week 30 a competitor's cheaper plan makes high spenders leave.
YEAR_SCENARIO = DriftScenario(
    logins_change_per_week=-0.06,
    spend_growth_per_week=0.004,
    calls_effect_per_week=0.008,
    logins_effect_per_week=0.001,
    sudden_week=30,
    sudden_spend_effect=2.0,
    sudden_intercept=-0.3,
)

# The true process (log-odds of churning within four weeks).
_INTERCEPT = 0.7
_TENURE = -0.5  # per unit of log(1 + months): long-standing customers stay
_SPEND = -0.6  # per unit of log(spend / $40): premium customers are the loyal ones
_CALLS = 0.35  # per support call in the last 30 days
_LOGINS = -0.1  # per login in the last 30 days


def _week_array(weeks: Any) -> np.ndarray:
    import numpy as np

    weeks = np.asarray(weeks)
    if weeks.ndim != 1 or (weeks.size and not np.issubdtype(weeks.dtype, np.integer)):
        raise TypeError("weeks must be a sequence of integers")
    return weeks.astype(int)


def churn_logit(df: pd.DataFrame, scenario: DriftScenario = STABLE) -> np.ndarray:
    """The true log-odds of churn for each row of ``df`` (needs FEATURES and ``week``).

    Example:
        >>> df = simulate_customers(3, seed=1)
        >>> churn_logit(df).shape
        (3,)
    """
    import numpy as np

    if not isinstance(scenario, DriftScenario):
        raise TypeError(f"scenario must be a DriftScenario, not {type(scenario).__name__}")
    missing = [c for c in (*FEATURES, "week") if c not in df.columns]
    if missing:
        raise ValueError(f"df is missing the columns {missing}")
    week = np.clip(df["week"].to_numpy(), 0, None)
    log_spend = np.log(df["monthly_spend"].to_numpy() / 40.0)
    calls_effect = _CALLS + scenario.calls_effect_per_week * week
    logins_effect = _LOGINS + scenario.logins_effect_per_week * week
    logit = (
        _INTERCEPT
        + _TENURE * np.log1p(df["tenure_months"].to_numpy())
        + _SPEND * log_spend
        + calls_effect * df["support_calls"].to_numpy()
        + logins_effect * df["logins_last_30d"].to_numpy()
    )
    if scenario.sudden_week is not None:
        after = df["week"].to_numpy() >= scenario.sudden_week
        logit = logit + after * (scenario.sudden_intercept + scenario.sudden_spend_effect * log_spend)
    return logit


def simulate_customers(
    n_per_week: int,
    *,
    seed: int,
    weeks: Sequence[int] | None = None,
    scenario: DriftScenario = STABLE,
    gold_per_week: int = 0,
) -> pd.DataFrame:
    """Draw ``n_per_week`` customers for each week in ``weeks`` (default: week 0 only).

    Columns: ``customer_id``, ``week``, the FEATURES, ``p_churn`` (the true probability, which a
    real team never sees), ``churned`` (the label) and ``gold`` (True for the first
    ``gold_per_week`` customers of each week: a held-out, carefully labelled sample that is never
    used for training). All weeks are drawn at once, vectorised, from one seeded generator.

    Example:
        >>> year = simulate_customers(100, seed=0, weeks=range(3), gold_per_week=10)
        >>> len(year), int(year["gold"].sum())
        (300, 30)
    """
    import numpy as np
    import pandas as pd

    if isinstance(n_per_week, bool) or not isinstance(n_per_week, int) or n_per_week < 1:
        raise ValueError(f"n_per_week must be a positive integer, got {n_per_week!r}")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"seed must be an int, not {type(seed).__name__}")
    if isinstance(gold_per_week, bool) or not isinstance(gold_per_week, int) or not 0 <= gold_per_week <= n_per_week:
        raise ValueError(f"gold_per_week must be an integer between 0 and n_per_week, got {gold_per_week!r}")
    if not isinstance(scenario, DriftScenario):
        raise TypeError(f"scenario must be a DriftScenario, not {type(scenario).__name__}")
    week_list = _week_array([0] if weeks is None else list(weeks))
    if week_list.size == 0:
        raise ValueError("weeks must hold at least one week")

    rng = np.random.default_rng(seed)
    week = np.repeat(week_list, n_per_week)
    n = week.size
    drift_week = np.clip(week, 0, None)
    tenure = np.minimum(rng.geometric(1 / 24, size=n) - 1, 240)
    spend = np.exp(rng.normal(np.log(40.0), 0.45, size=n)) * (1 + scenario.spend_growth_per_week) ** drift_week
    calls = rng.poisson(0.8, size=n)
    logins = rng.poisson(np.clip(12.0 + scenario.logins_change_per_week * drift_week, 0.5, None))
    df = pd.DataFrame({
        "customer_id": [f"c{i:06d}" for i in range(n)],
        "week": week,
        "tenure_months": tenure.astype(np.int64),
        "monthly_spend": np.round(spend, 2),
        "support_calls": calls.astype(np.int64),
        "logins_last_30d": logins.astype(np.int64),
    })
    p_churn = 1 / (1 + np.exp(-churn_logit(df, scenario)))
    df["p_churn"] = p_churn
    df[TARGET] = (rng.random(n) < p_churn).astype(np.int64)
    df["gold"] = np.tile(np.arange(n_per_week) < gold_per_week, week_list.size)
    return df


def make_model(C: float = 1.0, *, random_state: int = 0) -> Any:
    """The churn model as one scikit-learn pipeline: log-transform, scale, logistic regression.

    Keeping the preprocessing inside the pipeline means the server runs exactly the code the
    training run ran (no second implementation to drift apart).

    Example:
        >>> make_model(C=0.5).named_steps["logisticregression"].C
        0.5
    """
    import numpy as np
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import FunctionTransformer, StandardScaler

    if isinstance(C, bool) or not isinstance(C, (int, float)) or not (C > 0 and math.isfinite(C)):
        raise ValueError(f"C must be a positive number, got {C!r}")
    logs = ColumnTransformer(
        [("log", FunctionTransformer(np.log1p, feature_names_out="one-to-one"), ["tenure_months", "monthly_spend"])],
        remainder="passthrough",
        verbose_feature_names_out=False,
    )
    return make_pipeline(logs, StandardScaler(), LogisticRegression(C=C, max_iter=1_000, random_state=random_state))


def save_model(model: Any, path: str | Path) -> Path:
    """Write ``model`` to ``path`` with skops (a ``.skops`` file) and return the path.

    Example:
        >>> import tempfile
        >>> folder = tempfile.mkdtemp()
        >>> save_model(make_model(), Path(folder) / "model.skops").name
        'model.skops'
        >>> import shutil; shutil.rmtree(folder)
    """
    import skops.io

    path = Path(path)
    if path.suffix != ".skops":
        raise ValueError(f"path must end in .skops, got {path.name!r}")
    if not path.parent.is_dir():
        raise ValueError(f"the folder {str(path.parent)!r} does not exist")
    skops.io.dump(model, path)
    return path


def load_model(path: str | Path, *, trusted: Iterable[str] = ()) -> Any:
    """Load a skops file, refusing any object type that skops does not trust by default.

    skops trusts scikit-learn's own estimators and NumPy; anything else (a custom class, an
    arbitrary function) must be listed in ``trusted`` by its full name, after you have checked
    where the file came from. Unlike ``pickle.load`` this never runs code hidden in the file.

    Example:
        >>> import tempfile
        >>> folder = tempfile.mkdtemp()
        >>> model = load_model(save_model(make_model(), Path(folder) / "m.skops"))
        >>> type(model).__name__
        'Pipeline'
        >>> import shutil; shutil.rmtree(folder)
    """
    import skops.io

    path = Path(path)
    if not path.is_file():
        raise ValueError(f"no model file at {str(path)!r}")
    if isinstance(trusted, str):
        raise TypeError("trusted must be a list of type names, not a single string")
    allowed = set(trusted)
    try:
        untrusted = skops.io.get_untrusted_types(file=path)
    except zipfile.BadZipFile:
        raise ValueError(f"{path.name} is not a skops file (a zip archive); it was not loaded") from None
    refused = sorted(set(untrusted) - allowed)
    if refused:
        raise ValueError(
            f"{path.name} contains object types that are not trusted: {refused}. Check where the file "
            "comes from; if you trust it, pass these names in `trusted`."
        )
    return skops.io.load(path, trusted=list(untrusted))


def file_sha256(path: str | Path) -> str:
    """sha256 of a file's bytes (a fingerprint for model files and data extracts).

    Example:
        >>> import tempfile, os
        >>> fd, name = tempfile.mkstemp(); os.close(fd)
        >>> file_sha256(name)[:12]
        'e3b0c44298fc'
        >>> os.remove(name)
    """
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"no file at {str(path)!r}")
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def data_fingerprint(df: pd.DataFrame) -> str:
    """sha256 of a DataFrame's content (values, index and column names), stable across runs.

    Two frames with the same rows in the same order get the same fingerprint, so a run can
    record exactly which data it was trained on.

    Example:
        >>> import pandas as pd
        >>> a = pd.DataFrame({"x": [1, 2]})
        >>> data_fingerprint(a) == data_fingerprint(a.copy()), data_fingerprint(a) == data_fingerprint(a + 1)
        (True, False)
    """
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"df must be a pandas DataFrame, not {type(df).__name__}")
    digest = hashlib.sha256()
    digest.update("\x1f".join(map(str, df.columns)).encode("utf-8"))
    digest.update("\x1f".join(map(str, df.dtypes)).encode("utf-8"))
    digest.update(pd.util.hash_pandas_object(df, index=True).to_numpy().tobytes())
    return digest.hexdigest()


def _auc_of_counts(codes: np.ndarray, n_values: int, positives: np.ndarray, negatives: np.ndarray) -> float:
    """ROC AUC from row weights: ``positives``/``negatives`` count each row as a churner/stayer.

    ``codes`` numbers the distinct scores in increasing order (ties share a code), so a
    (positive, negative) pair counts 1 when the positive scores higher and 0.5 on a tie.
    """
    import numpy as np

    pos = np.bincount(codes, weights=positives, minlength=n_values)
    neg = np.bincount(codes, weights=negatives, minlength=n_values)
    below = np.cumsum(neg) - neg  # negatives with a strictly lower score
    return float(pos @ (below + 0.5 * neg) / (pos.sum() * neg.sum()))


def auc_interval(
    y: Any,
    scores: Any,
    baseline: Any = None,
    *,
    n_boot: int = 1_000,
    confidence: float = 0.95,
    seed: int = 0,
) -> BootstrapInterval:
    """ROC AUC of ``scores`` with a bootstrap interval; with ``baseline``, the **paired** difference
    AUC(scores) - AUC(baseline) of two models scored on the same rows.

    The resamples are those of :func:`helpers.stats.bootstrap_interval` with ``strata=y`` (the
    churners and the stayers are resampled separately, so every resample has both), and so are the
    numbers: the result equals ``bootstrap_interval(lambda y, a, b: roc_auc_score(y, a) -
    roc_auc_score(y, b), y, scores, baseline, strata=y)`` up to rounding. Each resample's AUC is
    computed from row counts instead of a new sort, which makes it about 50 times faster: fast
    enough to run in a promotion gate every week.

    Example:
        >>> import numpy as np
        >>> rng = np.random.default_rng(0)
        >>> y = rng.integers(0, 2, 2_000)
        >>> champion = y + rng.normal(0, 1.5, 2_000)
        >>> challenger = champion + rng.normal(0, 0.3, 2_000)  # almost the same ranking
        >>> alone = auc_interval(y, challenger, n_boot=200)
        >>> paired = auc_interval(y, challenger, champion, n_boot=200)
        >>> paired.high - paired.low < (alone.high - alone.low) / 3  # the paired difference is far less noisy
        True
    """
    import numpy as np

    from helpers.stats import bootstrap_interval

    labels = np.asarray(y)
    if labels.ndim != 1 or labels.size < 2:
        raise ValueError(f"y must be a one-dimensional array of 0/1 labels, got shape {labels.shape}")
    if labels.dtype == bool:
        labels = labels.astype(int)
    if not np.isin(labels, [0, 1]).all():
        raise ValueError("y must hold 0/1 labels (1: churned)")
    if labels.min() == labels.max():
        raise ValueError("y holds a single class: an AUC needs both churners and stayers")
    arrays = [scores] if baseline is None else [scores, baseline]
    codes = []
    for name, values in zip(("scores", "baseline")[: len(arrays)], arrays, strict=True):
        values = np.asarray(values, dtype=float)
        if values.shape != labels.shape:
            raise ValueError(f"{name} must have one value per label ({labels.size}), got shape {values.shape}")
        if not np.all(np.isfinite(values)):
            raise ValueError(f"{name} contains NaN or infinite values")
        distinct, code = np.unique(values, return_inverse=True)
        codes.append((code, distinct.size))
    churned = labels.astype(float)

    def statistic(rows: np.ndarray) -> float:
        counts = np.bincount(rows, minlength=labels.size).astype(float)
        positives, negatives = counts * churned, counts * (1 - churned)
        aucs = [_auc_of_counts(code, size, positives, negatives) for code, size in codes]
        return aucs[0] if len(aucs) == 1 else aucs[0] - aucs[1]

    return bootstrap_interval(statistic, np.arange(labels.size), n_boot=n_boot, confidence=confidence, seed=seed, strata=labels)
