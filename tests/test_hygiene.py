"""Notebook hygiene: every course notebook passes, and the check catches what it must catch."""

import copy

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

import courseenv
import hygiene

NOTEBOOKS = courseenv.notebooks()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_course_notebook_is_clean(path):
    assert hygiene.check_notebook(path) == []


def executed(cells):
    """A notebook as `make execute` would leave it: counts 1..n and the source digest recorded."""
    nb = new_notebook(cells=cells)
    count = 0
    for cell in nb.cells:
        if cell.cell_type == "code":
            count += 1
            cell.execution_count = count
            if hygiene.hides_answers(cell):
                cell.metadata["jupyter"] = {"source_hidden": True}
    nb.metadata[hygiene.METADATA_KEY] = {"source_sha256": hygiene.source_digest(nb)}
    return nb


def good_notebook():
    cells = [
        new_markdown_cell("# Chapter 99 — A tiny lesson\n\n<!-- badges -->\n\n[![Open in Binder](b.svg)](x)"),
        new_code_cell("import sys", metadata={"tags": ["colab-setup"]}),
        new_markdown_cell("## Before you start\n- compute things"),
        new_code_cell("SEED = 1", metadata={"tags": ["parameters"]}),
    ]
    for k in range(hygiene.MIN_EXERCISES):
        cells += [
            new_markdown_cell(f"### Exercise {k + 1}"),
            new_code_cell(f"answer_{k} = ...  # your code"),
            new_code_cell(f"# Solution\nanswer_{k} = {k}", metadata={"tags": ["solution"]}),
            new_code_cell(f"check.ch99_ex{k}(answer_{k})"),
        ]
    cells += [
        new_markdown_cell("## Check yourself"),
        new_code_cell("q = quiz.Quiz(QUESTIONS)\nq"),
        new_markdown_cell("## Key takeaways\n- one\n\n## Going further\n- book"),
    ]
    return executed(cells)


def problems_of(nb, tmp_path):
    path = tmp_path / "lesson.ipynb"
    nbformat.write(nb, path)
    return hygiene.check_notebook(path)


def test_a_well_formed_executed_notebook_passes(tmp_path):
    assert problems_of(good_notebook(), tmp_path) == []


def test_a_notebook_edited_without_re_execution_fails(tmp_path):
    nb = good_notebook()
    nb.cells[3].source = "SEED = 2"  # edited in an editor; outputs and counts still the old ones
    assert problems_of(nb, tmp_path) == [
        "code was edited after the last execution: run `make execute NB=<this notebook>`"
    ]


def test_the_colab_cell_may_change_without_re_execution(tmp_path):
    nb = good_notebook()
    nb.cells[1].source = "import sys  # new hosting address"
    assert problems_of(nb, tmp_path) == []


def test_out_of_order_or_missing_execution_counts_fail(tmp_path):
    nb = good_notebook()
    nb.cells[3].execution_count = 7
    assert any("execution counts" in p for p in problems_of(nb, tmp_path))
    nb = good_notebook()
    nb.cells.insert(4, new_code_cell(""))  # never executed: nbval would silently skip it
    nb.metadata[hygiene.METADATA_KEY]["source_sha256"] = hygiene.source_digest(nb)
    assert any("execution counts" in p for p in problems_of(nb, tmp_path))


def test_never_executed_notebook_fails(tmp_path):
    nb = copy.deepcopy(good_notebook())
    del nb.metadata[hygiene.METADATA_KEY]
    assert any("no execution record" in p for p in problems_of(nb, tmp_path))


def test_error_and_stderr_outputs_fail(tmp_path):
    nb = good_notebook()
    nb.cells[3].outputs = [new_output("error", ename="ValueError", evalue="boom", traceback=[])]
    nb.cells[5].outputs = [new_output("stream", name="stderr", text="FutureWarning: soon\n")]
    found = problems_of(nb, tmp_path)
    assert "cell 4: saved output is an error (ValueError)" in found
    assert any(p.startswith("cell 6: writes to stderr") for p in found)


def test_nbval_ignore_needs_a_reason(tmp_path):
    nb = good_notebook()
    def with_source(source, tags=()):
        nb.cells[5].source = source
        nb.cells[5].metadata["tags"] = list(tags)
        nb.metadata[hygiene.METADATA_KEY]["source_sha256"] = hygiene.source_digest(nb)
        return problems_of(nb, tmp_path)

    assert any("needs a comment on the next line" in p for p in with_source("# NBVAL_IGNORE_OUTPUT\nanswer_0 = ..."))
    # nbval only honours the marker alone on its line: a reason after it silently disables it
    assert any("alone on its line" in p for p in with_source("# NBVAL_IGNORE_OUTPUT: timings vary\nx = 1"))
    assert with_source("# NBVAL_IGNORE_OUTPUT\n# timings differ on every machine\nanswer_0 = ...") == []
    assert any("first-line comment" in p for p in with_source("answer_0 = ...", ["nbval-ignore-output"]))
    assert with_source("# timings differ on every machine\nanswer_0 = ...", ["nbval-ignore-output"]) == []


def test_missing_frame_parts_are_named(tmp_path):
    nb = good_notebook()
    nb.cells[0].source = "# A lesson"
    nb.cells = [c for c in nb.cells if "solution" not in c.metadata.get("tags", [])][:-1]
    nb.cells = [c for c in nb.cells if "Quiz(" not in c.source]
    for cell in nb.cells:
        cell.metadata.pop("tags", None)
    found = "\n".join(problems_of(executed(nb.cells), tmp_path))
    for expected in ["first cell must be the title", "'## Key takeaways'", "Colab set-up cell",
                     "'parameters'", "0 exercise solutions", "no quiz"]:
        assert expected in found


def test_a_solution_must_be_followed_by_its_check(tmp_path):
    nb = good_notebook()
    nb.cells[7].source = "print(answer_0)"
    found = problems_of(executed(nb.cells), tmp_path)
    assert found == ["cell 7: a solution must be followed by a cell calling check.<exercise>(...)"]


def test_size_cap(tmp_path, monkeypatch):
    monkeypatch.setattr(hygiene, "SIZE_CAP_BYTES", 100)
    assert any("over the 100-byte cap" in p for p in problems_of(good_notebook(), tmp_path))


def test_unreadable_notebook(tmp_path):
    path = tmp_path / "broken.ipynb"
    path.write_text("{not json")
    assert any("cannot be read" in p for p in hygiene.check_notebook(path))


def test_a_check_without_a_solution_before_it_fails(tmp_path):
    nb = good_notebook()
    nb.cells.insert(5, new_code_cell("check.ch99_extra(answer_0)"))
    found = problems_of(executed(nb.cells), tmp_path)
    assert found == ["cell 6: an exercise check must come right after its solution cell (tagged 'solution')"]


def test_a_cell_ending_in_semicolon_fails(tmp_path):
    nb = good_notebook()
    nb.cells[5].source = "ax.legend();"
    found = problems_of(executed(nb.cells), tmp_path)
    assert len(found) == 1 and found[0].startswith("cell 6: ends with ';'")


def test_answer_keys_must_be_collapsed(tmp_path):
    nb = good_notebook()
    quiz_cell = next(c for c in nb.cells if "Quiz(" in c.source)
    del quiz_cell.metadata["jupyter"]
    found = problems_of(nb, tmp_path)
    assert len(found) == 1 and "gives answers away but is not collapsed" in found[0]


def test_a_comment_that_swallows_the_badge_line_is_found(tmp_path):
    nb = good_notebook()
    nb.cells[0].source = "# Chapter 99 — A tiny lesson\n<!-- badges -->[![Open in Binder](b.svg)](x)"
    problems = problems_of(nb, tmp_path)
    assert len(problems) == 1 and "raw HTML block" in problems[0]
