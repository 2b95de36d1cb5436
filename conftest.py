"""Test-run set-up shared by every test (unit tests and notebooks under nbval).

It applies the course environment before any kernel starts (so plain `pytest` behaves like
`make test`), blocks the network outside loopback, and fails the run if tests left files in the
work tree.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "tools"))

import courseenv  # noqa: E402

courseenv.apply(block_network=True)
sys.path.insert(0, str(courseenv.NETGUARD))
import sitecustomize as _netguard  # noqa: E402  (the guard for this process; kernels load it themselves)

_netguard.install()

_BEFORE_KEY = "_ml_at_work_untracked_before"


def _untracked() -> set[str] | None:
    try:
        result = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=all"],
            cwd=ROOT, capture_output=True, text=True, check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None  # not a git checkout (for example an unpacked zip): nothing to compare
    return {line[3:] for line in result.stdout.splitlines() if line.startswith("??")}


def pytest_configure(config):
    if not hasattr(config, "workerinput"):  # the controller only, not each xdist worker
        setattr(config, _BEFORE_KEY, _untracked())


def pytest_sessionfinish(session, exitstatus):
    config = session.config
    before = getattr(config, _BEFORE_KEY, None)
    if hasattr(config, "workerinput") or before is None:
        return
    stray = sorted((_untracked() or set()) - before)
    if stray:
        print("\nThe test run wrote files into the work tree (tests must use temporary folders):", file=sys.stderr)
        for name in stray:
            print(f"  {name}", file=sys.stderr)
        session.exitstatus = 1
