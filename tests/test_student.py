"""The student edition: solutions out, every notebook still runs, every check says "not answered yet".

Running every student notebook top to bottom is done by the real-browser test (tests/test_browser.py),
which opens the student edition in JupyterLab as a learner would; where Chromium is missing, the
runs happen here with nbclient instead, so the check is never lost.
"""

import importlib.util
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

import courseenv
import hygiene
import student
from helpers import check

NOTEBOOKS = courseenv.notebooks()
IDS = [f"{courseenv.edition(p)}-{p.name}" for p in NOTEBOOKS]
IN_THE_BROWSER = Path("/usr/bin/chromium").exists() and importlib.util.find_spec("playwright") is not None


def test_solutions_become_prompts_and_their_check_outputs_go():
    nb = new_notebook(cells=[
        new_markdown_cell("### Exercise"),
        new_code_cell("x = ...", execution_count=1),
        new_code_cell("# Solution\nx = 42", metadata={"tags": ["solution"]}, execution_count=2),
        new_code_cell("check.ch99_x(x)", execution_count=3,
                      outputs=[new_output("execute_result", data={"text/plain": "✅ Correct"}, execution_count=3)]),
        new_code_cell("plot()", execution_count=4, outputs=[new_output("stream", name="stdout", text="kept\n")]),
    ])
    out = student.student_notebook(nb)
    assert [c.source for c in out.cells][1:3] == ["x = ...", student.PROMPT.rstrip("\n")]
    assert "x = 42" not in nbformat.writes(out)
    assert out.cells[3].outputs == [] and out.cells[3].execution_count is None
    assert out.cells[4].outputs[0]["text"] == "kept\n"
    assert nb.cells[2].source == "# Solution\nx = 42", "the course notebook itself is not modified"


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    out = tmp_path_factory.mktemp("edition") / "student"
    student.build(out)
    return out


def test_build_writes_every_notebook_the_index_and_the_zip(edition):
    built = sorted(p.relative_to(edition) for p in edition.rglob("*.ipynb"))
    expected = sorted(p.relative_to(courseenv.ROOT) for p in NOTEBOOKS)
    assert [p for p in built if p.name != "index.ipynb"] == expected
    assert (edition / student.ZIP_NAME).stat().st_size > 0


@pytest.mark.skipif(IN_THE_BROWSER, reason="the student edition runs in the real-browser test (test_browser.py)")
@pytest.mark.parametrize(
    "path",
    courseenv.notebooks(editions=("en",)),
    ids=[p.name for p in courseenv.notebooks(editions=("en",))],
)
def test_student_edition_runs_and_every_check_is_unanswered(edition, path):
    target = edition / path.relative_to(courseenv.ROOT)
    nb = nbformat.read(target, as_version=4)
    NotebookClient(nb, kernel_name="python3", timeout=300, resources={"metadata": {"path": str(target.parent)}}).execute()
    checks = [c for c in nb.cells if c.cell_type == "code" and hygiene.CHECK_CALL.search(c.source)]
    assert checks, "a lesson without exercises"
    for cell in checks:
        shown = "".join(o.get("data", {}).get("text/plain", "") + o.get("text", "") for o in cell.outputs)
        assert "Not answered yet" in shown, f"{cell.source!r} showed {shown!r}"


def _prefix(path):
    return ("ch" if path.parent.name == "chapters" else "cs") + path.name[:2]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_every_exercise_check_of_a_lesson_is_used_in_it(path):
    siblings = [p for p in NOTEBOOKS if _prefix(p) == _prefix(path)]
    used = set()
    for sibling in siblings:
        used |= set(re.findall(r"\bcheck\.((?:ch|cs)\d\d\w*)\(", sibling.read_text(encoding="utf-8")))
    registered = set(check.exercises(_prefix(path)))
    assert registered <= used, f"checks with no exercise in the notebook: {sorted(registered - used)}"
    assert used <= registered, f"notebook calls unknown checks: {sorted(used - registered)}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_each_solution_becomes_a_prompt_and_each_check_output_is_cleared(edition, path):
    nb = nbformat.read(edition / path.relative_to(courseenv.ROOT), as_version=4)
    original = nbformat.read(path, as_version=4)
    solutions = [c for c in original.cells if hygiene.SOLUTION_TAG in hygiene.tags(c)]
    prompts = [c for c in nb.cells if "exercise-prompt" in hygiene.tags(c)]
    assert len(prompts) == len(solutions) >= 6
    assert not any(hygiene.SOLUTION_TAG in hygiene.tags(c) for c in nb.cells)
    for cell in nb.cells:
        if cell.cell_type == "code" and hygiene.CHECK_CALL.search(cell.source):
            assert cell.outputs == [] and cell.execution_count is None
    assert prompts[0].source.startswith(student.PROMPTS[courseenv.edition(path)].strip()[:10])
