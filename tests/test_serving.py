"""helpers.serving and helpers.prediction_app: a real uvicorn server, started, queried and stopped.

Covers start-up with a readiness poll, /health, a good prediction and its log row, every kind of
bad request (4xx with a message, never 500), stop, reuse of the port after a stop, start-up
failures, and that a server dies with its parent even when the parent is killed with SIGKILL.
"""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import httpx
import psutil
import pytest

from helpers import serving
from helpers.mlops import FEATURES, TARGET, load_model, make_model, save_model, simulate_customers

GOOD_ROW = {"customer_id": "c000001", "tenure_months": 12, "monthly_spend": 39.5, "support_calls": 2, "logins_last_30d": 7}
MAX_ROWS = 5


@pytest.fixture(scope="module")
def model_file(tmp_path_factory):
    df = simulate_customers(400, seed=3)
    path = tmp_path_factory.mktemp("model") / "churn.skops"
    save_model(make_model().fit(df[list(FEATURES)], df[TARGET]), path)
    return path


@pytest.fixture(scope="module")
def server(model_file, tmp_path_factory):
    log = tmp_path_factory.mktemp("log") / "predictions.db"
    with serving.start_prediction_server(model_file, model_version="test-v7", log_path=log, max_rows=MAX_ROWS) as srv:
        srv.log_path = log
        yield srv
    assert not srv.running


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server.url, trust_env=False, timeout=10) as c:
        yield c


def _is_gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def _wait_gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _is_gone(pid):
            return True
        time.sleep(0.1)
    return _is_gone(pid)


# --- a running server ---------------------------------------------------------------------------


def test_server_listens_on_loopback_only(server):
    assert server.running
    assert server.url == f"http://127.0.0.1:{server.port}"
    listening = [c for c in psutil.Process(server.pid).net_connections(kind="tcp") if c.status == psutil.CONN_LISTEN]
    assert [(c.laddr.ip, c.laddr.port) for c in listening] == [("127.0.0.1", server.port)]


def test_health_reports_the_model_version(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "model_version": "test-v7", "features": list(FEATURES), "max_rows": MAX_ROWS}
    assert response.headers["x-model-version"] == "test-v7"


def test_get_json_reads_health(server):
    assert serving.get_json(server.url + "/health")["status"] == "ok"
    with pytest.raises(ValueError, match="answered 404"):
        serving.get_json(server.url + "/no-such-page")


def test_a_good_request_is_scored_like_the_model_in_memory_and_logged(client, server, model_file):
    rows = [GOOD_ROW, {**GOOD_ROW, "customer_id": "c000002", "support_calls": 0, "monthly_spend": 80}]
    response = client.post("/predict", json={"rows": rows})
    assert response.status_code == 200
    body = response.json()
    assert body["model_version"] == "test-v7" and response.headers["x-model-version"] == "test-v7"
    import pandas as pd

    expected = load_model(model_file).predict_proba(pd.DataFrame(rows)[list(FEATURES)])[:, 1]
    got = [p["churn_probability"] for p in body["predictions"]]
    assert got == pytest.approx(expected.tolist(), abs=1e-12)
    assert [p["customer_id"] for p in body["predictions"]] == ["c000001", "c000002"]
    ids = [p["prediction_id"] for p in body["predictions"]]
    with sqlite3.connect(server.log_path) as connection:
        logged = connection.execute(
            "SELECT prediction_id, request_id, customer_id, features, model_version, churn_probability, latency_ms "
            f"FROM predictions WHERE request_id = ? ORDER BY customer_id", (body["request_id"],)
        ).fetchall()
    connection.close()
    assert [row[0] for row in logged] == ids
    assert json.loads(logged[0][3]) == {k: GOOD_ROW[k] for k in FEATURES}
    assert {row[4] for row in logged} == {"test-v7"}
    assert [row[5] for row in logged] == pytest.approx(got)
    assert all(row[6] > 0 for row in logged)


def _raw(text: str) -> dict:
    return {"content": text.encode(), "headers": {"content-type": "application/json"}}


BAD_REQUESTS = {
    "malformed JSON": (_raw('{"rows": [{"customer_id": "c1",'), "not valid JSON"),
    "empty body": (_raw(""), "the body is empty"),
    "not JSON at all": ({"content": b"rows=1", "headers": {"content-type": "text/plain"}}, "must be a JSON object"),
    "a list instead of an object": ({"json": [GOOD_ROW]}, "must be a JSON object"),
    "missing field": ({"json": {"rows": [{k: v for k, v in GOOD_ROW.items() if k != "support_calls"}]}},
                      "rows[0].support_calls: Field required"),
    "extra field": ({"json": {"rows": [{**GOOD_ROW, "colour": "red"}]}}, "rows[0].colour: Extra inputs are not permitted"),
    "extra top-level field": ({"json": {"rows": [GOOD_ROW], "debug": True}}, "debug: Extra inputs are not permitted"),
    "string for a number": ({"json": {"rows": [{**GOOD_ROW, "tenure_months": "12"}]}},
                            'rows[0].tenure_months: Input should be a valid integer (got "12")'),
    "bool for a number": ({"json": {"rows": [{**GOOD_ROW, "support_calls": True}]}}, "rows[0].support_calls: Input should be a valid integer"),
    "fraction for a count": ({"json": {"rows": [{**GOOD_ROW, "logins_last_30d": 2.5}]}}, "rows[0].logins_last_30d: Input should be a valid integer"),
    "NaN": (_raw(json.dumps({"rows": [{**GOOD_ROW, "monthly_spend": float("nan")}]})),
            "rows[0].monthly_spend: Input should be a finite number (got nan)"),
    "infinity": (_raw(json.dumps({"rows": [{**GOOD_ROW, "monthly_spend": float("inf")}]})),
                 "rows[0].monthly_spend: Input should be a finite number (got inf)"),
    "overflowing number": (_raw(json.dumps({"rows": [GOOD_ROW]}).replace("39.5", "1e999")), "Input should be a finite number"),
    "negative count": ({"json": {"rows": [{**GOOD_ROW, "tenure_months": -3}]}},
                       "rows[0].tenure_months: Input should be greater than or equal to 0 (got -3)"),
    "huge integer": ({"json": {"rows": [{**GOOD_ROW, "tenure_months": 10**30}]}}, "rows[0].tenure_months: Input should be less than or equal to 1200"),
    "bad customer id": ({"json": {"rows": [{**GOOD_ROW, "customer_id": "a b"}]}}, "rows[0].customer_id: String should match pattern"),
    "no rows": ({"json": {"rows": []}}, "rows: List should have at least 1 item"),
    "too many rows": ({"json": {"rows": [GOOD_ROW] * (MAX_ROWS + 1)}}, f"rows: List should have at most {MAX_ROWS} items"),
    "rows not a list": ({"json": {"rows": GOOD_ROW}}, "rows: Input should be a valid list"),
}


@pytest.mark.parametrize("kind", list(BAD_REQUESTS))
def test_each_kind_of_bad_request_gets_a_422_that_says_what_is_wrong(client, kind):
    request, message = BAD_REQUESTS[kind]
    response = client.post("/predict", **request)
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["detail"] == "invalid request" and body["model_version"] == "test-v7"
    assert response.headers["x-model-version"] == "test-v7"
    assert any(message in problem for problem in body["problems"]), body["problems"]


def test_wrong_method_and_unknown_path_are_4xx_with_the_version(client):
    assert client.get("/predict").status_code == 405
    response = client.get("/nowhere")
    assert response.status_code == 404 and response.headers["x-model-version"] == "test-v7"


def test_bad_requests_are_not_logged(client, server):
    with sqlite3.connect(server.log_path) as connection:
        before = connection.execute("SELECT COUNT(*) FROM predictions").fetchone()[0]
    connection.close()
    client.post("/predict", json={"rows": [{**GOOD_ROW, "tenure_months": -1}]})
    with sqlite3.connect(server.log_path) as connection:
        after = connection.execute("SELECT COUNT(*) FROM predictions").fetchone()[0]
    connection.close()
    assert after == before


# --- life cycle ----------------------------------------------------------------------------------


def test_stop_frees_the_port_for_a_new_server(model_file):
    first = serving.start_prediction_server(model_file, model_version="first")
    port, pid = first.port, first.pid
    assert first.running
    first.stop()
    assert not first.running and _wait_gone(pid, 5)
    assert first.stop() == first.process.returncode  # stopping twice is harmless
    with pytest.raises(OSError):
        serving.get_json(first.url + "/health", timeout=1)
    with serving.start_prediction_server(model_file, model_version="second", port=port) as second:
        assert second.port == port
        assert serving.get_json(second.url + "/health")["model_version"] == "second"
    assert not second.running


PARENT = textwrap.dedent("""
    import sys, time
    from helpers import serving
    server = serving.start_prediction_server(sys.argv[1], model_version="orphan-test")
    print(server.pid, server.url, flush=True)
    time.sleep(120)
""")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SIGKILL of the parent is tested on Linux")
def test_a_killed_parent_takes_its_server_with_it(model_file):
    parent = subprocess.Popen([sys.executable, "-c", PARENT, str(model_file)], stdout=subprocess.PIPE, text=True)
    try:
        line = parent.stdout.readline()
        child_pid, url = int(line.split()[0]), line.split()[1]
        assert serving.get_json(url + "/health")["model_version"] == "orphan-test"
        assert psutil.Process(child_pid).ppid() == parent.pid
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(10)
        assert _wait_gone(child_pid, 10), "the server outlived its killed parent"
    finally:
        if parent.poll() is None:
            parent.kill()
        parent.stdout.close()


def test_a_server_that_cannot_start_reports_its_error(tmp_path):
    with pytest.raises(serving.ServerError, match='Could not import module "no_such_module_xyz"'):
        serving.start_server("no_such_module_xyz:create", startup_timeout=20)


def test_a_server_that_never_gets_ready_times_out_and_is_stopped(model_file):
    before = {p.pid for p in psutil.Process().children()}
    with pytest.raises(serving.ServerError, match="did not answer /ready-never in time"):
        serving.start_server(env={"ML_AT_WORK_MODEL_PATH": str(model_file)}, startup_timeout=3, health_path="/ready-never")
    leftovers = [p for p in psutil.Process().children() if p.pid not in before and not _is_gone(p.pid)]
    assert leftovers == []


def test_the_child_asks_the_kernel_to_die_with_its_parent():
    code = "import os; from helpers import serving; print(serving._die_with_parent(os.getppid()))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ("prctl" if sys.platform.startswith("linux") else "watchdog")


# --- argument validation -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs, error",
    [
        ({"app": "nocolon"}, ValueError),
        ({"app": "a:b:c"}, ValueError),
        ({"port": 0}, ValueError),
        ({"port": True}, ValueError),
        ({"startup_timeout": -1}, ValueError),
        ({"health_path": "health"}, ValueError),
        ({"env": {"A": 1}}, TypeError),
    ],
)
def test_start_server_validates_its_arguments(kwargs, error):
    with pytest.raises(error):
        serving.start_server(**kwargs)


def test_start_prediction_server_needs_a_model_file_and_a_version(model_file, tmp_path):
    with pytest.raises(ValueError, match="no model file"):
        serving.start_prediction_server(tmp_path / "missing.skops", model_version="v1")
    with pytest.raises(ValueError, match="model_version"):
        serving.start_prediction_server(model_file, model_version=" ")


def test_free_port_is_bindable():
    import socket

    port = serving.free_port()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))
