"""tools/execute.py end to end: a notebook run by it passes the hygiene check; a failing one is untouched."""

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

import execute
import hygiene


def test_execute_records_outputs_counts_and_digest(tmp_path):
    path = tmp_path / "tiny.ipynb"
    nb = new_notebook(cells=[
        new_markdown_cell("# Tiny"),
        new_code_cell("import os\nprint(os.environ['PYTHONHASHSEED'], sorted({'b', 'a'}))"),
        new_code_cell("# Solution\nx = 1", metadata={"tags": ["solution"]}),
    ])
    nb.metadata["widgets"] = {"state": "noise"}
    nbformat.write(nb, path)

    execute.execute(path)

    done = nbformat.read(path, as_version=4)
    assert [c.execution_count for c in done.cells if c.cell_type == "code"] == [1, 2]
    assert done.cells[1].outputs[0]["text"] == "0 ['a', 'b']\n"
    assert done.metadata["ml_at_work"]["source_sha256"] == hygiene.source_digest(done)
    assert "widgets" not in done.metadata and done.metadata["language_info"] == execute.LANGUAGE_INFO
    assert done.cells[2].metadata["jupyter"]["source_hidden"] is True
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tiny.ipynb"]


def test_a_failing_notebook_is_left_unchanged(tmp_path):
    path = tmp_path / "broken.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell("1 / 0")]), path)
    before = path.read_bytes()
    try:
        execute.execute(path)
    except Exception as exc:  # noqa: BLE001
        assert "ZeroDivisionError" in str(exc)
    else:
        raise AssertionError("execute() should have raised")
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.ipynb"]
