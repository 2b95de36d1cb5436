"""helpers.prediction_app, in process (no server): validation messages, the log, the factories.

tests/test_serving.py runs the same app in a real uvicorn process and sends every kind of bad
request over HTTP; here the app is driven with Starlette's TestClient, which is quicker.
"""

import json
import sqlite3
import warnings

import numpy as np
import pandas as pd
import pytest

from helpers.mlops import FEATURES, TARGET, make_model, save_model, simulate_customers
from helpers.prediction_app import (
    PREDICTIONS_SCHEMA,
    _describe_error,
    create_app,
    create_app_from_env,
    init_prediction_log,
)

ROW = {"customer_id": "c1", "tenure_months": 12, "monthly_spend": 40.0, "support_calls": 1, "logins_last_30d": 5}


@pytest.fixture(scope="module")
def model():
    df = simulate_customers(400, seed=5)
    return make_model().fit(df[list(FEATURES)], df[TARGET])


@pytest.fixture()
def client_and_log(model, tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Starlette announces a future change of its test client's HTTP library
        from fastapi.testclient import TestClient
    log = tmp_path / "log.db"
    with TestClient(create_app(model, model_version="unit-1", log_path=log, max_rows=2)) as client:
        yield client, log


def test_prediction_matches_the_model_and_is_logged(client_and_log, model):
    client, log = client_and_log
    response = client.post("/predict", json={"rows": [ROW, {**ROW, "customer_id": "c2", "support_calls": 5}]})
    assert response.status_code == 200 and response.headers["x-model-version"] == "unit-1"
    body = response.json()
    expected = model.predict_proba(pd.DataFrame([ROW, {**ROW, "support_calls": 5}])[list(FEATURES)])[:, 1]
    assert [p["churn_probability"] for p in body["predictions"]] == pytest.approx(expected.tolist())
    assert len({p["prediction_id"] for p in body["predictions"]}) == 2
    with sqlite3.connect(log) as connection:
        rows = connection.execute("SELECT request_id, customer_id, features, model_version FROM predictions ORDER BY customer_id").fetchall()
    connection.close()
    assert [r[1] for r in rows] == ["c1", "c2"] and {r[0] for r in rows} == {body["request_id"]}
    assert json.loads(rows[1][2])["support_calls"] == 5 and {r[3] for r in rows} == {"unit-1"}


def test_validation_errors_are_422_with_readable_problems(client_and_log):
    client, _ = client_and_log
    response = client.post("/predict", json={"rows": [ROW] * 3})
    assert response.status_code == 422
    assert response.json() == {
        "detail": "invalid request",
        "problems": ["rows: List should have at most 2 items after validation, not 3"],
        "model_version": "unit-1",
    }
    several = client.post("/predict", json={"rows": [{**ROW, "tenure_months": -1, "colour": "red"}]}).json()["problems"]
    assert sorted(several) == [
        "rows[0].colour: Extra inputs are not permitted",
        "rows[0].tenure_months: Input should be greater than or equal to 0 (got -1)",
    ]


def test_health_and_openapi_docs(client_and_log):
    client, _ = client_and_log
    assert client.get("/health").json() == {"status": "ok", "model_version": "unit-1", "features": list(FEATURES), "max_rows": 2}
    schema = client.get("/openapi.json").json()
    assert "/predict" in schema["paths"] and schema["info"]["version"] == "unit-1"


@pytest.mark.parametrize(
    "error, text",
    [
        ({"type": "json_invalid", "loc": ("body", 12), "msg": "JSON decode error", "ctx": {"error": "Expecting value"}},
         "the body is not valid JSON (Expecting value)"),
        ({"type": "missing", "loc": ("body",), "msg": "Field required", "input": None}, "the body is empty"),
        ({"type": "missing", "loc": ("body", "rows", 0, "support_calls"), "msg": "Field required", "input": {}},
         "rows[0].support_calls: Field required"),
        ({"type": "finite_number", "loc": ("body", "rows", 1, "monthly_spend"), "msg": "Input should be a finite number",
          "input": float("nan")}, "rows[1].monthly_spend: Input should be a finite number (got nan)"),
        ({"type": "int_type", "loc": ("body", "rows", 0, "tenure_months"), "msg": "Input should be a valid integer",
          "input": "x" * 100}, '(got "' + "x" * 56 + "...)"),
    ],
)
def test_describe_error(error, text):
    assert text in _describe_error(error)


def test_init_prediction_log_is_idempotent_and_in_wal_mode(tmp_path):
    path = init_prediction_log(tmp_path / "log.db")
    init_prediction_log(path)  # a second server start must not fail
    with sqlite3.connect(path) as connection:
        mode = connection.execute("PRAGMA journal_mode").fetchone()[0]
        columns = [row[1] for row in connection.execute("PRAGMA table_info(predictions)")]
    connection.close()
    assert mode == "wal"
    assert columns == ["prediction_id", "request_id", "received_at", "customer_id", "features", "model_version",
                       "churn_probability", "latency_ms"]
    assert "CREATE TABLE IF NOT EXISTS predictions" in PREDICTIONS_SCHEMA
    with pytest.raises(ValueError, match="does not exist"):
        init_prediction_log(tmp_path / "missing" / "log.db")


def test_a_model_without_feature_names_gets_a_plain_list(tmp_path):
    from sklearn.linear_model import LogisticRegression

    df = simulate_customers(300, seed=1)
    bare = LogisticRegression(max_iter=500).fit(df[list(FEATURES)].to_numpy(), df[TARGET])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    with TestClient(create_app(bare, model_version="bare")) as client:
        got = client.post("/predict", json={"rows": [ROW]}).json()["predictions"][0]["churn_probability"]
    assert got == pytest.approx(bare.predict_proba(np.array([[ROW[f] for f in FEATURES]]))[0, 1])


def test_create_app_validates_its_arguments(model):
    with pytest.raises(TypeError, match="predict_proba"):
        create_app(object(), model_version="v1")
    with pytest.raises(ValueError, match="model_version"):
        create_app(model, model_version="")
    with pytest.raises(ValueError, match="max_rows"):
        create_app(model, model_version="v1", max_rows=0)


def test_create_app_from_env_reads_its_settings(model, tmp_path):
    path = save_model(model, tmp_path / "churn.skops")
    app = create_app_from_env({"ML_AT_WORK_MODEL_PATH": str(path), "ML_AT_WORK_MAX_ROWS": "9"})
    assert app.version == "churn"  # the file name when no version is given
    with pytest.raises(ValueError, match="ML_AT_WORK_MODEL_PATH"):
        create_app_from_env({})
    with pytest.raises(ValueError, match="ML_AT_WORK_MAX_ROWS must be an integer"):
        create_app_from_env({"ML_AT_WORK_MODEL_PATH": str(path), "ML_AT_WORK_MAX_ROWS": "many"})
