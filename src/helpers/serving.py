"""Start and stop a real uvicorn server for a FastAPI app, from a notebook or a test.

The server runs in its own Python process on 127.0.0.1 (never reachable from other machines),
on a free port. :func:`start_server` returns once ``GET /health`` answers 200, or raises with the
server's own error output if it does not come up before the deadline. :meth:`Server.stop` (or
leaving a ``with`` block) shuts it down; so does the end of the parent process:

- on Linux the child asks the kernel, with ``prctl(PR_SET_PDEATHSIG, SIGTERM)``, to receive
  SIGTERM when its parent dies, even by ``kill -9``: no orphan servers when a Jupyter kernel
  is restarted or crashes;
- elsewhere (macOS, Windows) a watchdog thread in the child polls the parent's process id
  once per second and stops the server when the parent is gone;
- when the parent exits normally, an ``atexit`` hook stops any server still running.

Note: on Linux the kernel signals the child when the *thread* that started it ends, so start
servers from a notebook cell or the main thread, not from a short-lived worker thread.

The child process is ``python -m helpers.serving --app module:factory --port N --parent-pid P``;
the factory builds the app (for the course's prediction API,
:func:`helpers.prediction_app.create_app_from_env`, configured by environment variables).

Example:
    >>> import tempfile, shutil
    >>> from pathlib import Path
    >>> from helpers.mlops import FEATURES, TARGET, make_model, save_model, simulate_customers
    >>> df = simulate_customers(300, seed=0)
    >>> folder = Path(tempfile.mkdtemp())
    >>> path = save_model(make_model().fit(df[list(FEATURES)], df[TARGET]), folder / "model.skops")
    >>> with start_prediction_server(path, model_version="demo-1") as server:
    ...     health = get_json(server.url + "/health")
    >>> health["model_version"], server.running
    ('demo-1', False)
    >>> shutil.rmtree(folder)
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

__all__ = [
    "DEFAULT_APP",
    "Server",
    "ServerError",
    "free_port",
    "get_json",
    "main",
    "start_prediction_server",
    "start_server",
]

#: The factory the prediction server runs (configured by environment variables).
DEFAULT_APP = "helpers.prediction_app:create_app_from_env"
LOCALHOST = "127.0.0.1"
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
_RUNNING: set[Server] = set()  # strong references: a forgotten server is still stopped at exit


class ServerError(RuntimeError):
    """The server did not start (its own error output is part of the message)."""


class Server:
    """A running uvicorn server in a child process; stop it with :meth:`stop` or a ``with`` block.

    Attributes:
        url: ``http://127.0.0.1:<port>``.
        port: the TCP port it listens on.
        process: the :class:`subprocess.Popen` of the child.
    """

    def __init__(self, process: subprocess.Popen[bytes], host: str, port: int, log_file: Any) -> None:
        self.process = process
        self.host = host
        self.port = port
        self.url = f"http://{host}:{port}"
        self._log_file = log_file

    @property
    def pid(self) -> int:
        """Process id of the server (for monitoring tools such as psutil)."""
        return self.process.pid

    @property
    def running(self) -> bool:
        """True while the server process is alive."""
        return self.process.poll() is None

    def output(self) -> str:
        """What the server wrote to stdout/stderr so far (warnings and errors only, by default)."""
        if self._log_file is None or self._log_file.closed:
            return ""
        self._log_file.flush()
        self._log_file.seek(0)
        return self._log_file.read().decode("utf-8", "replace")

    def stop(self, timeout: float = 10.0) -> int | None:
        """Stop the server: SIGTERM (graceful), then SIGKILL after ``timeout`` seconds.

        Returns the exit code (None if it could not be collected). Calling it twice is harmless.
        """
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
            raise ValueError(f"timeout must be a positive number of seconds, got {timeout!r}")
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self.process.wait(timeout)
        _RUNNING.discard(self)
        if self._log_file is not None and not self._log_file.closed:
            self._log_file.close()
        return self.process.returncode

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"Server(url={self.url!r}, running={self.running})"


def free_port(host: str = LOCALHOST) -> int:
    """A TCP port that is free on ``host`` right now (the operating system picks it).

    Example:
        >>> 1024 <= free_port() <= 65535
        True
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def get_json(url: str, timeout: float = 2.0) -> Any:
    """GET ``url`` on a local server and decode the JSON answer (no proxies, standard library only).

    Raises ``OSError`` if nothing answers and ``ValueError`` for a status other than 200.

    Example:
        >>> get_json("ftp://example.org")
        Traceback (most recent call last):
        ...
        ValueError: url must start with http://, got 'ftp://example.org'
    """
    status, body = _get(url, timeout)
    if status != 200:
        raise ValueError(f"GET {url} answered {status}: {body[:200]!r}")
    return json.loads(body)


def _get(url: str, timeout: float) -> tuple[int, bytes]:
    parts = urlsplit(url)
    if parts.scheme != "http" or not parts.hostname:
        raise ValueError(f"url must start with http://, got {url!r}")
    connection = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=timeout)
    try:
        connection.request("GET", parts.path or "/")
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def start_server(
    app: str = DEFAULT_APP,
    *,
    env: Mapping[str, str] | None = None,
    port: int | None = None,
    startup_timeout: float = 60.0,
    health_path: str = "/health",
) -> Server:
    """Start ``app`` (an import string ``"module:factory"``) with uvicorn on 127.0.0.1.

    Args:
        app: the function that builds the FastAPI app, as ``"package.module:function"``.
        env: extra environment variables for the server process (the factory's settings).
        port: a fixed port; None picks a free one (and retries with another if it was taken).
        startup_timeout: seconds to wait for ``health_path`` to answer 200. Generous on purpose: on a
            busy machine the child takes several seconds to import its libraries, while a server that
            fails to start exits and is reported at once.
        health_path: the readiness endpoint.

    Example:
        >>> start_server("no_colon_here")
        Traceback (most recent call last):
        ...
        ValueError: app must look like 'package.module:factory', got 'no_colon_here'
    """
    if not isinstance(app, str) or app.count(":") != 1 or not all(app.split(":")):
        raise ValueError(f"app must look like 'package.module:factory', got {app!r}")
    if port is not None and (isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535):
        raise ValueError(f"port must be None or an integer between 1 and 65535, got {port!r}")
    if isinstance(startup_timeout, bool) or not isinstance(startup_timeout, (int, float)) or startup_timeout <= 0:
        raise ValueError(f"startup_timeout must be a positive number of seconds, got {startup_timeout!r}")
    if not isinstance(health_path, str) or not health_path.startswith("/"):
        raise ValueError(f"health_path must start with '/', got {health_path!r}")
    if env is not None and not all(isinstance(k, str) and isinstance(v, str) for k, v in env.items()):
        raise TypeError("env must map strings to strings")
    attempts = 1 if port is not None else 3
    deadline = time.monotonic() + startup_timeout
    for attempt in range(attempts):
        chosen = port if port is not None else free_port()
        server = _spawn(app, chosen, env)
        try:
            _wait_until_ready(server, health_path, deadline)
            return server
        except ServerError as exc:
            server.stop()
            port_taken = "address already in use" in str(exc).lower()
            if not port_taken or attempt == attempts - 1 or time.monotonic() >= deadline:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def start_prediction_server(
    model_path: str | Path,
    *,
    model_version: str,
    log_path: str | Path | None = None,
    max_rows: int | None = None,
    port: int | None = None,
    startup_timeout: float = 60.0,
) -> Server:
    """Serve a skops model file with the course's prediction API (:mod:`helpers.prediction_app`).

    Example:
        >>> start_prediction_server("missing.skops", model_version="v1")
        Traceback (most recent call last):
        ...
        ValueError: no model file at 'missing.skops'
    """
    model_path = Path(model_path)
    if not model_path.is_file():
        raise ValueError(f"no model file at {str(model_path)!r}")
    if not isinstance(model_version, str) or not model_version.strip():
        raise ValueError(f"model_version must be a non-empty string, got {model_version!r}")
    from helpers import prediction_app as api

    env = {api.MODEL_PATH_ENV: str(model_path.resolve()), api.MODEL_VERSION_ENV: model_version}
    if log_path is not None:
        env[api.LOG_PATH_ENV] = str(Path(log_path).resolve())
    if max_rows is not None:
        env[api.MAX_ROWS_ENV] = str(int(max_rows))
    return start_server(DEFAULT_APP, env=env, port=port, startup_timeout=startup_timeout)


def _spawn(app: str, port: int, env: Mapping[str, str] | None) -> Server:
    child_env = dict(os.environ)
    child_env.update(env or {})
    # The child must import `helpers` even when the parent found it through sys.path tweaks.
    package_root = str(Path(__file__).resolve().parents[1])
    child_env["PYTHONPATH"] = os.pathsep.join(p for p in [package_root, child_env.get("PYTHONPATH", "")] if p)
    command = [
        sys.executable, "-m", "helpers.serving",
        "--app", app, "--host", LOCALHOST, "--port", str(port), "--parent-pid", str(os.getpid()),
    ]
    log_file = tempfile.TemporaryFile(mode="a+b")  # anonymous, removed when closed; append mode so
    # the child keeps appending wherever the parent last read
    process = subprocess.Popen(
        command, env=child_env, stdin=subprocess.DEVNULL, stdout=log_file, stderr=subprocess.STDOUT, close_fds=True
    )
    server = Server(process, LOCALHOST, port, log_file)
    _RUNNING.add(server)
    return server


def _wait_until_ready(server: Server, health_path: str, deadline: float) -> None:
    while True:
        if not server.running:
            raise ServerError(
                f"the server exited with code {server.process.returncode} before it was ready. "
                f"Its output:\n{server.output()[-3000:]}"
            )
        try:
            status, _ = _get(server.url + health_path, timeout=1.0)
            if status == 200:
                return
        except OSError:
            pass  # not listening yet
        if time.monotonic() >= deadline:
            raise ServerError(
                f"the server did not answer {health_path} in time. Its output:\n{server.output()[-3000:]}"
            )
        time.sleep(0.05)


@atexit.register
def _stop_all() -> None:
    for server in list(_RUNNING):
        with contextlib.suppress(Exception):
            server.stop(timeout=5)


# --- the child process ---------------------------------------------------------------------------


def _die_with_parent(parent_pid: int) -> str:
    """Make sure this process ends when ``parent_pid`` does; returns the mechanism used."""
    mechanism = "watchdog"
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0) == 0:
                mechanism = "prctl"
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent_pid:  # the parent died before we could ask: leave at once
        sys.exit(0)
    if mechanism == "watchdog":

        def watch() -> None:
            while True:
                time.sleep(1.0)
                if os.getppid() != parent_pid:
                    os.kill(os.getpid(), signal.SIGTERM)
                    return

        threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()
    return mechanism


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the server process: ``python -m helpers.serving --app module:factory ...``."""
    parser = argparse.ArgumentParser(prog="python -m helpers.serving", description=__doc__.split("\n")[0])
    parser.add_argument("--app", default=DEFAULT_APP, help="import string of the app factory, module:function")
    parser.add_argument("--host", default=LOCALHOST)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--parent-pid", type=int, default=None, help="stop when this process ends")
    parser.add_argument("--log-level", default="warning")
    args = parser.parse_args(argv)
    if args.parent_pid is not None:
        _die_with_parent(args.parent_pid)
    import uvicorn

    uvicorn.run(
        args.app,
        factory=True,
        host=args.host,
        port=args.port,
        log_level=args.log_level,
        access_log=False,
        timeout_graceful_shutdown=3,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
