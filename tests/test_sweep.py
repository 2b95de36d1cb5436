"""Every lesson runs with other parameters, and its exercise checks follow the learner's data.

course.toml lists, for each lesson, the `sweep`: settings of its `parameters` cell that a learner or
teacher might choose (another SEED, and one change that matters to the lesson). Each setting runs
the full edition with papermill, as a teacher would (`papermill lesson.ipynb out.ipynb -p SEED 7`),
into a temporary folder. The run must finish without an error, and every exercise check, with the
solutions in place, must say "✅ Correct": a check that judged the default data would fail here.
Outputs are not compared (the numbers change with the parameters; nbval compares the defaults).

The Korean edition runs the English code (tests/test_korean.py checks it cell by cell: only the
texts of quizzes and widget labels differ, and one cell sets the language), so the two editions
share the work: the English lesson runs under its other SEED, and its Korean twin runs under the
lesson-specific setting, which covers that setting's computations and shows that the Korean
check messages hold under other parameters too. (A lesson without a Korean twin runs both in
English.)
"""

from __future__ import annotations

import ast
import re

import nbformat
import pytest

import courseenv
import hygiene
import sitegen
from helpers import i18n

LESSONS = sitegen.load_lessons()


def _edition_for(notebook: str, index: int) -> str:
    """The notebook a sweep setting runs on: the Korean twin for the lesson-specific setting."""
    korean = f"{courseenv.KOREAN}/{notebook}"
    return korean if index == 1 and (courseenv.ROOT / korean).exists() else notebook


RUNS = [(_edition_for(lesson["notebook"], k), k, setting) for lesson in LESSONS for k, setting in enumerate(lesson.get("sweep", []))]
KERNEL_START_ATTEMPTS = 3
CORRECT = "✅ Correct"


def correct_mark(notebook: str) -> str:
    """What a check shows when it judges an answer right, in the notebook's language."""
    if courseenv.edition(courseenv.ROOT / notebook) == "en":
        return CORRECT
    saved = i18n._current
    i18n.set_language(courseenv.KOREAN)
    try:
        return "✅ " + i18n._("Correct")
    finally:
        i18n._current = saved


def _parameter_defaults(path) -> dict[str, object]:
    nb = nbformat.read(path, as_version=4)
    cells = [c for c in nb.cells if c.cell_type == "code" and "parameters" in hygiene.tags(c)]
    assert len(cells) == 1, f"{path.name}: exactly one cell must be tagged 'parameters'"
    values: dict[str, object] = {}
    for node in ast.parse(cells[0].source).body:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                names = target.elts if isinstance(target, ast.Tuple) else [target]
                for name in names:
                    if isinstance(name, ast.Name):
                        values[name.id] = None
            try:
                value = ast.literal_eval(node.value)
            except ValueError:
                continue
            if isinstance(node.targets[0], ast.Name):
                values[node.targets[0].id] = value
    return values


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson["notebook"].split("/")[-1] for lesson in LESSONS])
def test_every_lesson_has_a_seed_setting_and_a_lesson_specific_one(lesson):
    path = courseenv.ROOT / lesson["notebook"]
    defaults = _parameter_defaults(path)
    sweep = lesson.get("sweep", [])
    assert len(sweep) >= 2, f"{path.name}: course.toml needs at least two sweep settings"
    for setting in sweep:
        unknown = set(setting) - set(defaults)
        assert not unknown, f"{path.name}: {sorted(unknown)} are not names in the parameters cell"
        assert setting, "an empty setting runs the defaults, which nbval already does"
    assert any("SEED" in s and s["SEED"] != defaults["SEED"] for s in sweep), f"{path.name}: no setting with another SEED"
    assert any(set(s) - {"SEED"} for s in sweep), f"{path.name}: no lesson-specific setting (one that changes more than SEED)"


def _run(path, out, parameters):
    import papermill

    for attempt in range(1, KERNEL_START_ATTEMPTS + 1):
        try:
            return papermill.execute_notebook(
                str(path), str(out), parameters=parameters, kernel_name="python3", cwd=str(path.parent),
                progress_bar=False, log_output=False, request_save_on_cell_execute=False,
            )
        except RuntimeError as exc:  # a kernel that died on start (see conftest.py); cell errors are not retried
            if "before replying to kernel_info" not in str(exc) or attempt == KERNEL_START_ATTEMPTS:
                raise


def check_verdicts(nb) -> list[tuple[str, str]]:
    """(source, shown output) of every exercise-check cell of an executed notebook."""
    found = []
    for cell in nb.cells:
        if cell.cell_type == "code" and hygiene.CHECK_CALL.search(cell.source):
            shown = "".join(
                o.get("data", {}).get("text/plain", "") + o.get("text", "") for o in cell.get("outputs", [])
            )
            found.append((cell.source, shown))
    return found


@pytest.mark.parametrize(
    ("notebook", "index", "setting"),
    [(n, k, s) for n, k, s in RUNS],
    ids=[f"{courseenv.edition(courseenv.ROOT / n)}-{n.split('/')[-1][:2]}-" + "-".join(f"{k}={v}" for k, v in s.items())
         for n, _, s in RUNS],
)
def test_lesson_runs_and_every_check_passes_with_other_parameters(notebook, index, setting, tmp_path):
    path = courseenv.ROOT / notebook
    out = tmp_path / path.name
    nb = _run(path, out, setting)
    verdicts = check_verdicts(nb)
    assert verdicts, "a lesson without exercise checks"
    correct = correct_mark(notebook)
    wrong = []
    for source, shown in verdicts:
        calls = len(hygiene.CHECK_CALL.findall(source))
        if shown.count(correct) != calls:
            wrong.append(f"{source.strip()!r} showed {shown.strip()!r}")
    assert not wrong, f"{notebook} with {setting}: checks that did not say correct:\n" + "\n".join(wrong)


def test_check_verdicts_reads_every_check_cell():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_code_cell("check.ch99_x(x, data=d)", outputs=[
            nbformat.v4.new_output("execute_result", data={"text/plain": "❌ Not yet (ch99_x): hint"}, execution_count=1)
        ]),
    ])
    assert check_verdicts(nb) == [("check.ch99_x(x, data=d)", "❌ Not yet (ch99_x): hint")]
    assert re.search(CORRECT, "✅ Correct (ch99_x): that is right.")
