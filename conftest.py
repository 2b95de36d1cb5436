"""Test-run set-up shared by every test (unit tests and notebooks under nbval).

It applies the course environment before any kernel starts (so plain `pytest` behaves like
`make test`), blocks the network outside loopback, and fails the run if tests left files in the
work tree.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "tools"))

import courseenv  # noqa: E402

courseenv.apply(block_network=True)
sys.path.insert(0, str(courseenv.NETGUARD))
import sitecustomize as _netguard  # noqa: E402  (the guard for this process; kernels load it themselves)

_netguard.install()

# A kernel now and then dies before it answers its first message when two test workers start
# kernels at the same moment (seen here: one notebook of twelve, about one run in three; the
# same notebook passes alone). nbval has no retry of its own, so give it one: a failed start is
# retried with a fresh kernel, and the third failure is reported as before.
import nbval.kernel as _nbval_kernel  # noqa: E402

_START_ATTEMPTS = 3
_nbval_start = _nbval_kernel.start_new_kernel


def _start_new_kernel_with_retry(*args, **kwargs):
    for attempt in range(1, _START_ATTEMPTS + 1):
        try:
            return _nbval_start(*args, **kwargs)
        except RuntimeError:
            if attempt == _START_ATTEMPTS:
                raise


_nbval_kernel.start_new_kernel = _start_new_kernel_with_retry

_BEFORE_KEY = "_ml_at_work_untracked_before"


try:
    from xdist.scheduler import LoadScopeScheduling
except ImportError:  # pytest-xdist not installed: plain serial runs need no scheduler
    pass
else:

    class CourseScheduling(LoadScopeScheduling):
        """xdist's scope scheduler with the course's units of work (courseenv.work_unit).

        Built here rather than with `--dist loadgroup` markers: pytest 9.2 ignores the node-id
        suffix through which pytest-xdist 3.8 implements groups, so the cells of one notebook
        ended up on both workers."""

        def _split_scope(self, nodeid: str) -> str:
            return courseenv.work_unit(nodeid)

    @pytest.hookimpl(optionalhook=True)  # a known hook only when xdist is active (not under -p no:xdist)
    def pytest_xdist_make_scheduler(config, log):
        """Every distributed run (`-n 2`, whatever `--dist`) keeps each notebook on one worker, and
        hands out the units in collection order, which puts the long ones first (below)."""
        if config.getvalue("dist") == "each":
            return None
        config.option.loadscopereorder = False
        return CourseScheduling(config, log)


def pytest_collection_modifyitems(config, items):
    """Long units first (courseenv.work_priority); a stable sort keeps each file's own order."""
    items.sort(key=lambda item: courseenv.work_priority(item.nodeid))


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
