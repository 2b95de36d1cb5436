"""tools/sitegen.py: generated files are up to date, and every link follows the one setting."""

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

import sitegen as course_site


def test_generated_files_are_up_to_date():
    outdated = course_site.plan()
    assert not outdated, f"run `make site`: {[p.name for p in outdated]}"


def test_every_link_comes_from_the_repository_setting():
    hosting = course_site.Hosting("https://github.com/someone/fork", "dev")
    nb = new_notebook(cells=[
        new_markdown_cell("# Chapter 3 — Evaluating results\n<!-- badges -->old links"),
        new_code_cell("old install", metadata={"tags": ["colab-setup"]}),
    ])
    course_site.render_notebook(nb, "chapters/03_evaluation.ipynb", hosting)
    badge_line = nb.cells[0].source.splitlines()[1]
    assert "https://mybinder.org/v2/gh/someone/fork/dev?urlpath=lab/tree/chapters/03_evaluation.ipynb" in badge_line
    assert "https://colab.research.google.com/github/someone/fork/blob/dev/chapters/03_evaluation.ipynb" in badge_line
    assert '"ml-at-work-course @ git+https://github.com/someone/fork@dev"' in nb.cells[1].source
    assert "old" not in nb.cells[1].source


def test_readme_table_marks_missing_lessons_as_planned(tmp_path):
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters" / "03_x.ipynb").write_text("{}")
    lessons = [
        {"notebook": "chapters/03_x.ipynb", "title": "Three", "teaches": "t", "book": "3"},
        {"notebook": "chapters/04_y.ipynb", "title": "Four", "teaches": "t", "book": "4"},
    ]
    table = course_site.index_table(lessons, tmp_path)
    assert "| 03 | [Three](chapters/03_x.ipynb) | t | ch. 3 | ready |" in table
    assert "| 04 | Four | t | ch. 4 | planned |" in table


@pytest.mark.parametrize("repository", ["github.com/a/b", "https://gitlab.com/a/b", "https://github.com/a"])
def test_bad_repository_setting_is_explained(repository):
    with pytest.raises(ValueError, match="GitHub address"):
        course_site.Hosting(repository, "main")


def test_readme_without_markers_is_explained():
    hosting = course_site.Hosting("https://github.com/a/b", "main")
    with pytest.raises(ValueError, match="markers"):
        course_site.render_readme("# no markers", [], hosting)
