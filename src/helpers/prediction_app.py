"""The course's prediction API: a FastAPI app that validates requests, scores them and logs them.

``create_app(model, model_version=..., log_path=...)`` builds the app around any fitted model with
``predict_proba`` whose inputs are :data:`helpers.mlops.FEATURES`. It offers

- ``GET /health``: ``{"status": "ok", "model_version": ..., "features": [...], "max_rows": ...}``;
- ``POST /predict`` with ``{"rows": [{"customer_id": "c1", "tenure_months": 12, ...}, ...]}``:
  one churn probability per row, plus a ``request_id`` and a ``prediction_id`` per row that the
  application keeps, so outcomes can be joined to predictions later.

Every response, errors included, carries the model version (``X-Model-Version`` header, and in
the JSON body). A bad request never causes a 500: malformed JSON, a missing or unknown field, a
wrong type, NaN or infinity, a negative count, an empty or too long list of rows all get a 422
whose ``problems`` list says where and what was wrong.

With ``log_path``, each scored row is written to the SQLite table ``predictions``
(:data:`PREDICTIONS_SCHEMA`): request, features as the model saw them, model version, prediction.

:func:`create_app_from_env` is what ``python -m helpers.serving`` starts in a separate process:
it loads the model from a skops file named by ``ML_AT_WORK_MODEL_PATH`` (see
:func:`helpers.serving.start_prediction_server`).

Example:
    >>> from helpers.mlops import FEATURES, TARGET, make_model, simulate_customers
    >>> df = simulate_customers(500, seed=0)
    >>> app = create_app(make_model().fit(df[list(FEATURES)], df[TARGET]), model_version="demo-1")
    >>> sorted(route.path for route in app.routes if route.path in {"/health", "/predict"})
    ['/health', '/predict']
"""

import contextlib
import json
import os
import sqlite3
import threading
import time
import uuid
from collections.abc import AsyncIterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from helpers.mlops import FEATURES, load_model

__all__ = [
    "DEFAULT_MAX_ROWS",
    "LOG_PATH_ENV",
    "MAX_ROWS_ENV",
    "MODEL_PATH_ENV",
    "MODEL_VERSION_ENV",
    "PREDICTIONS_SCHEMA",
    "create_app",
    "create_app_from_env",
    "init_prediction_log",
]

MODEL_PATH_ENV = "ML_AT_WORK_MODEL_PATH"
MODEL_VERSION_ENV = "ML_AT_WORK_MODEL_VERSION"
LOG_PATH_ENV = "ML_AT_WORK_PREDICTION_LOG"
MAX_ROWS_ENV = "ML_AT_WORK_MAX_ROWS"
DEFAULT_MAX_ROWS = 100

#: The prediction log: one row per scored customer, written by the server at prediction time.
PREDICTIONS_SCHEMA = """
CREATE TABLE IF NOT EXISTS predictions (
    prediction_id     TEXT PRIMARY KEY,  -- one id per scored row, returned to the caller
    request_id        TEXT NOT NULL,     -- one id per HTTP request (a request may hold many rows)
    received_at       TEXT NOT NULL,     -- UTC time the server received the request (ISO 8601)
    customer_id       TEXT NOT NULL,     -- who was scored: the key to join outcomes later
    features          TEXT NOT NULL,     -- JSON of the inputs exactly as the model saw them
    model_version     TEXT NOT NULL,     -- which model answered
    churn_probability REAL NOT NULL,     -- what it answered
    latency_ms        REAL NOT NULL      -- time spent inside the server for the whole request
);
CREATE INDEX IF NOT EXISTS predictions_customer ON predictions (customer_id, received_at);
"""


def init_prediction_log(path: str | Path) -> Path:
    """Create the SQLite prediction log at ``path`` (if needed) in WAL mode and return the path.

    WAL (write-ahead logging) lets a reader, such as a notebook, query the log while the server
    writes to it.

    Example:
        >>> import tempfile, shutil
        >>> folder = tempfile.mkdtemp()
        >>> init_prediction_log(Path(folder) / "log.db").name
        'log.db'
        >>> shutil.rmtree(folder)
    """
    path = Path(path)
    if not path.parent.is_dir():
        raise ValueError(f"the folder of the prediction log {str(path.parent)!r} does not exist")
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.executescript(PREDICTIONS_SCHEMA)
    connection.close()
    return path


class _PredictionLog:
    """One SQLite connection shared by the server's worker threads (writes are serialised by a lock)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = None

    def write(self, records: list[tuple[Any, ...]]) -> None:
        with self._lock:
            if self._connection is None:
                self._connection = sqlite3.connect(self.path, timeout=10, check_same_thread=False)
                self._connection.execute("PRAGMA synchronous=NORMAL")  # with WAL: no disk sync per request
            with self._connection:  # one transaction per request
                self._connection.executemany("INSERT INTO predictions VALUES (?, ?, ?, ?, ?, ?, ?, ?)", records)

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None


def _describe_error(error: Mapping[str, Any]) -> str:
    """One readable line for one pydantic/FastAPI validation error."""
    loc = [part for part in error.get("loc", ()) if part != "body"]
    where = ""
    for part in loc:
        where += f"[{part}]" if isinstance(part, int) else (f".{part}" if where else str(part))
    kind = error.get("type", "")
    if kind == "json_invalid":
        detail = (error.get("ctx") or {}).get("error", "")
        return f"the body is not valid JSON ({detail})" if detail else "the body is not valid JSON"
    if kind == "missing" and not where:
        return "the body is empty: send a JSON object like {\"rows\": [...]}"
    message = str(error.get("msg", "invalid value"))
    if not where and kind in {"dict_type", "model_attributes_type", "model_type"}:
        return 'the body must be a JSON object like {"rows": [...]}, sent as Content-Type: application/json'
    if kind in {"missing", "extra_forbidden", "too_long", "too_short"} or "input" not in error:
        return f"{where}: {message}" if where else message
    shown = json.dumps(error["input"], default=str) if not isinstance(error["input"], float) else repr(error["input"])
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return f"{where}: {message} (got {shown})" if where else f"{message} (got {shown})"


def create_app(
    model: Any,
    *,
    model_version: str,
    log_path: str | Path | None = None,
    max_rows: int = DEFAULT_MAX_ROWS,
) -> Any:
    """Build the FastAPI app that serves ``model`` (see the module docstring for the endpoints).

    Args:
        model: a fitted estimator with ``predict_proba``, taking the columns ``FEATURES``.
        model_version: returned with every response and written to the log.
        log_path: SQLite file for the prediction log (created if needed); None logs nothing.
        max_rows: the largest number of rows one request may hold.

    Example:
        >>> create_app(object(), model_version="v1")
        Traceback (most recent call last):
        ...
        TypeError: model must have a predict_proba method (a fitted classifier), not object
    """
    from fastapi import FastAPI, Request
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import JSONResponse
    from pydantic import BaseModel, ConfigDict, Field

    if not callable(getattr(model, "predict_proba", None)):
        raise TypeError(f"model must have a predict_proba method (a fitted classifier), not {type(model).__name__}")
    if not isinstance(model_version, str) or not model_version.strip() or len(model_version) > 100:
        raise ValueError(f"model_version must be a non-empty string of at most 100 characters, got {model_version!r}")
    if isinstance(max_rows, bool) or not isinstance(max_rows, int) or not 1 <= max_rows <= 100_000:
        raise ValueError(f"max_rows must be an integer between 1 and 100,000, got {max_rows!r}")
    log = _PredictionLog(init_prediction_log(log_path)) if log_path is not None else None

    class Customer(BaseModel):
        """One customer to score. Strict: no extra fields, no strings where numbers belong."""

        model_config = ConfigDict(extra="forbid", strict=True)
        customer_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")
        tenure_months: int = Field(ge=0, le=1_200, description="months since sign-up")
        monthly_spend: float = Field(ge=0, le=100_000, allow_inf_nan=False, description="dollars per month")
        support_calls: int = Field(ge=0, le=1_000, description="support calls in the last 30 days")
        logins_last_30d: int = Field(ge=0, le=100_000, description="logins in the last 30 days")

    class PredictRequest(BaseModel):
        model_config = ConfigDict(extra="forbid", strict=True)
        rows: list[Customer] = Field(min_length=1, max_length=max_rows)

    class Prediction(BaseModel):
        customer_id: str
        churn_probability: float
        prediction_id: str

    class PredictResponse(BaseModel):
        model_version: str
        request_id: str
        predictions: list[Prediction]

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        if log is not None:  # the server is shutting down: close the log cleanly
            log.close()

    app = FastAPI(title="Churn prediction API", version=model_version, docs_url="/docs", redoc_url=None, lifespan=lifespan)
    headers = {"X-Model-Version": model_version}
    use_frame = hasattr(model, "feature_names_in_")

    @app.middleware("http")
    async def add_model_version(request: Request, call_next: Any) -> Any:
        response = await call_next(request)
        response.headers["X-Model-Version"] = model_version
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [_describe_error(error) for error in exc.errors()]
        body = {"detail": "invalid request", "problems": problems, "model_version": model_version}
        return JSONResponse(status_code=422, content=body, headers=headers)

    @app.get("/health")
    def health() -> dict[str, Any]:
        return {"status": "ok", "model_version": model_version, "features": list(FEATURES), "max_rows": max_rows}

    @app.post("/predict", response_model=PredictResponse)
    def predict(payload: PredictRequest) -> dict[str, Any]:
        start = time.perf_counter()
        received_at = datetime.now(UTC).isoformat(timespec="microseconds")
        request_id = uuid.uuid4().hex
        values = [[getattr(row, name) for name in FEATURES] for row in payload.rows]
        if use_frame:
            import pandas as pd

            inputs: Any = pd.DataFrame(values, columns=list(FEATURES))
        else:
            inputs = values
        probabilities = [float(p) for p in model.predict_proba(inputs)[:, 1]]
        predictions = [
            {"customer_id": row.customer_id, "churn_probability": p, "prediction_id": uuid.uuid4().hex}
            for row, p in zip(payload.rows, probabilities, strict=True)
        ]
        latency_ms = (time.perf_counter() - start) * 1_000
        if log is not None:
            records = [
                (
                    pred["prediction_id"], request_id, received_at, row.customer_id,
                    json.dumps(dict(zip(FEATURES, vals, strict=True))), model_version, pred["churn_probability"],
                    latency_ms,
                )
                for row, vals, pred in zip(payload.rows, values, predictions, strict=True)
            ]
            log.write(records)
        return {"model_version": model_version, "request_id": request_id, "predictions": predictions}

    return app


def create_app_from_env(environ: Mapping[str, str] | None = None) -> Any:
    """Build the app from environment variables (what the server process calls).

    ``ML_AT_WORK_MODEL_PATH`` (a .skops file, required), ``ML_AT_WORK_MODEL_VERSION`` (default:
    the file name), ``ML_AT_WORK_PREDICTION_LOG`` (SQLite path, optional) and
    ``ML_AT_WORK_MAX_ROWS`` (default 100).

    Example:
        >>> create_app_from_env({})
        Traceback (most recent call last):
        ...
        ValueError: set ML_AT_WORK_MODEL_PATH to the .skops file of the model to serve
    """
    env = os.environ if environ is None else environ
    model_path = env.get(MODEL_PATH_ENV)
    if not model_path:
        raise ValueError(f"set {MODEL_PATH_ENV} to the .skops file of the model to serve")
    max_rows_text = env.get(MAX_ROWS_ENV, str(DEFAULT_MAX_ROWS))
    try:
        max_rows = int(max_rows_text)
    except ValueError:
        raise ValueError(f"{MAX_ROWS_ENV} must be an integer, got {max_rows_text!r}") from None
    model = load_model(model_path)
    return create_app(
        model,
        model_version=env.get(MODEL_VERSION_ENV) or Path(model_path).stem,
        log_path=env.get(LOG_PATH_ENV) or None,
        max_rows=max_rows,
    )
