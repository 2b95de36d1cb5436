"""One definition of the environment that tests, re-execution and the benchmark share."""

from __future__ import annotations

import os
from collections.abc import Iterable, MutableMapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KOREAN = "ko"  # the Korean edition (한국어판) mirrors the lessons under ko/, built by tools/translate.py
ENGLISH_DIRS = ("chapters", "case_studies")
NOTEBOOK_DIRS = (*ENGLISH_DIRS, *(f"{KOREAN}/{d}" for d in ENGLISH_DIRS))
NETGUARD = ROOT / "tests" / "netguard"

DETERMINISM = {
    "PYTHONHASHSEED": "0",  # set ordering, hash-based iteration
    "OMP_NUM_THREADS": "1",  # one BLAS thread per kernel: two kernels run in parallel on 2 cores
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",  # quiets the debugger's frozen-modules note on kernel start
}


def apply(environ: MutableMapping[str, str] | None = None, *, block_network: bool = False) -> None:
    """Set the shared variables (without overriding ones the caller set) in ``environ``.

    Kernels started afterwards inherit them. With ``block_network`` every Python process started
    from here on (kernels included) loads tests/netguard/sitecustomize.py, which refuses sockets
    to anything but loopback.
    """
    env = os.environ if environ is None else environ
    for key, value in DETERMINISM.items():
        env.setdefault(key, value)
    # Tests, re-execution and the benchmark run the exercise checks too: keep them out of the
    # author's own progress record (helpers.progress). Tests that need a record set their own file.
    env["ML_AT_WORK_PROGRESS"] = "off"
    data = env.get("ML_AT_WORK_DATA")
    if data:
        env["ML_AT_WORK_DATA"] = str(Path(data).expanduser().resolve())
    if block_network:
        env["ML_AT_WORK_BLOCK_NETWORK"] = "1"
        paths = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
        if str(NETGUARD) not in paths:
            env["PYTHONPATH"] = os.pathsep.join([str(NETGUARD), *paths])


def edition(path: str | Path) -> str:
    """``"ko"`` for a notebook of the Korean edition (under ko/), ``"en"`` otherwise."""
    path = Path(path).resolve()
    try:
        parts = path.relative_to(ROOT).parts
    except ValueError:
        parts = path.parts[-3:]
    return KOREAN if parts and parts[0] == KOREAN else "en"


def notebooks(paths: Iterable[str | Path] = (), *, editions: Iterable[str] = ("en", KOREAN)) -> list[Path]:
    """The given notebooks (files or folders), or every course notebook of ``editions`` when none are given."""
    wanted = set(editions)
    chosen = [Path(p) for p in paths] or [
        ROOT / d for d in NOTEBOOK_DIRS if (ROOT / d).is_dir() and edition(ROOT / d / "x.ipynb") in wanted
    ]
    found: list[Path] = []
    for path in chosen:
        if path.is_dir():
            found.extend(sorted(path.glob("*.ipynb")))
        elif path.suffix == ".ipynb" and path.is_file():
            found.append(path)
        else:
            raise ValueError(f"{path}: not a notebook or a folder of notebooks")
    return [p.resolve() for p in found]


def notebooks_for_cli(argv: Iterable[str]) -> list[Path]:
    """:func:`notebooks` for command-line tools: a bad path ends the command with its message."""
    try:
        return notebooks(argv)
    except ValueError as exc:
        raise SystemExit(f"{exc} (give .ipynb files or folders holding them)") from None


# Tests that are each a long run of their own (a lesson under other parameters, a student-edition
# notebook) and so are spread over the workers one by one; see work_unit.
SPREAD_ONE_BY_ONE = frozenset({
    "test_lesson_runs_and_every_check_passes_with_other_parameters",
    "test_student_edition_runs_and_every_check_is_unanswered",
})
# The real-browser test is the longest file (one JupyterLab and one browser per unit of work): it
# runs as two units, Part 1's chapters and the rest (case studies, the Korean lesson, the index).
BROWSER_TESTS = frozenset({"test_lesson_in_a_real_browser", "test_the_index_shows_the_progress_the_lessons_recorded"})


def work_unit(nodeid: str) -> str:
    """The unit of work a test belongs to when `make test` runs it on two workers.

    A notebook's cells must run in order in one kernel, so every file is one unit (its path);
    the long runs named in SPREAD_ONE_BY_ONE are each a unit of their own (their node id), and
    the browser test is two units.

    >>> work_unit("chapters/03_evaluation.ipynb::Cell 12")
    'chapters/03_evaluation.ipynb'
    >>> work_unit("tests/test_browser.py::test_lesson_in_a_real_browser[en-06_continuous_training.ipynb]")
    'tests/test_browser.py::chapters'
    """
    path, _, rest = nodeid.partition("::")
    name, _, param = rest.partition("[")
    if name in SPREAD_ONE_BY_ONE:
        return nodeid
    if name in BROWSER_TESTS:
        return f"{path}::{'chapters' if param.startswith('en-0') else 'case studies, Korean, index'}"
    return path


def work_priority(nodeid: str) -> int:
    """Long units first (browser, then the single long runs), so the two workers end together."""
    name = nodeid.partition("::")[2].partition("[")[0]
    return 0 if name in BROWSER_TESTS else 1 if name in SPREAD_ONE_BY_ONE else 2
