"""The project's dependency files agree with each other and with the running environment."""

import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s#]+)")


def pins(lines):
    return {m.group(1).lower(): m.group(2) for line in lines if (m := PIN.match(line.strip().removeprefix("- ")))}


def requirements():
    return pins((ROOT / "requirements.txt").read_text().splitlines())


def test_every_requirement_is_pinned_exactly_and_annotated():
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            assert PIN.match(line), f"not an exact pin: {line!r}"
            assert "#" in line, f"say which chapters need it: {line!r}"


def test_environment_yml_pip_list_equals_requirements():
    text = (ROOT / "environment.yml").read_text()
    pip_section = text.split("- pip:", 1)[1].splitlines()
    assert pins(pip_section) == requirements()
    python = re.search(r"^\s*- python=(\d+\.\d+)", text, re.M).group(1)
    assert tuple(map(int, python.split("."))) >= (3, 11)


def test_constraints_agree_with_requirements():
    locked = pins((ROOT / "constraints.txt").read_text().splitlines())
    normal = {k.replace("_", "-"): v for k, v in locked.items()}
    for name, version in requirements().items():
        assert normal.get(name.replace("_", "-")) == version, f"{name}: constraints.txt has {normal.get(name)}"


def test_pyproject_python_floor_matches_the_make_check():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.11"
    assert "MINIMUM = (3, 11)" in (ROOT / "tools" / "require_python.py").read_text()


@pytest.mark.skipif(not (ROOT / ".venv").exists() or sys.prefix != str(ROOT / ".venv"), reason="runs in the project's .venv only")
def test_installed_versions_are_the_pinned_ones():
    for name, version in requirements().items():
        assert metadata.version(name) == version, f"{name}: installed {metadata.version(name)}, pinned {version}"


def test_setup_stops_early_with_a_clear_message_on_old_python(monkeypatch):
    import runpy

    monkeypatch.setattr(sys, "version_info", (3, 10, 12, "final", 0))
    with pytest.raises(SystemExit) as stop:
        runpy.run_path(str(ROOT / "tools" / "require_python.py"))
    assert "needs Python 3.11 or newer" in str(stop.value) and "3.10.12" in str(stop.value)


def test_make_test_keeps_each_notebook_on_one_worker_and_spreads_the_long_runs():
    sys.path.insert(0, str(ROOT / "tools"))
    import courseenv

    assert courseenv.work_unit("chapters/03_evaluation.ipynb::Cell 12") == "chapters/03_evaluation.ipynb"
    assert courseenv.work_unit("ko/case_studies/10_uplift_modeling.ipynb::Cell 0") == "ko/case_studies/10_uplift_modeling.ipynb"
    assert courseenv.work_unit("tests/test_stats.py::test_wilson[3-10]") == "tests/test_stats.py"
    assert courseenv.work_unit("tests/test_browser.py::test_lesson_in_a_real_browser[en-03_evaluation.ipynb]") != \
        courseenv.work_unit("tests/test_browser.py::test_lesson_in_a_real_browser[en-10_uplift_modeling.ipynb]")
    assert courseenv.work_unit("tests/test_browser.py::test_lesson_in_a_real_browser[ko-03_evaluation.ipynb]") == \
        courseenv.work_unit("tests/test_browser.py::test_the_index_shows_the_progress_the_lessons_recorded")
    assert courseenv.work_priority("tests/test_browser.py::test_the_index_shows_the_progress_the_lessons_recorded") < \
        courseenv.work_priority("tests/test_sweep.py::test_lesson_runs_and_every_check_passes_with_other_parameters[x]") < \
        courseenv.work_priority("chapters/01_project_flow.ipynb::Cell 0")
    sources = "\n".join(p.read_text() for p in (ROOT / "tests").glob("test_*.py"))
    for name in courseenv.SPREAD_ONE_BY_ONE | courseenv.BROWSER_TESTS:  # a renamed test would silently fall back to one unit per file
        assert f"def {name}(" in sources, name
        if name in courseenv.SPREAD_ONE_BY_ONE:
            nodeid = f"tests/test_x.py::{name}[en-03-SEED=7]"
            assert courseenv.work_unit(nodeid) == nodeid
