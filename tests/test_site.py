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
    title, blank, marker, blank_after, badge_line = nb.cells[0].source.splitlines()
    assert (blank, marker, blank_after) == ("", "<!-- badges -->", ""), "the marker stands alone, between blank lines"
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


def test_the_badge_block_is_stable_and_keeps_the_text_after_it():
    source = "# Chapter 3 — T\n\n<!-- badges -->\n\n[![Open in Binder](old)](x)\n\nIntro text."
    once = course_site.render_badge_block(source, "[![Open in Binder](new)](y)")
    assert once == "# Chapter 3 — T\n\n<!-- badges -->\n\n[![Open in Binder](new)](y)\n\nIntro text."
    assert course_site.render_badge_block(once, "[![Open in Binder](new)](y)") == once


def test_the_index_has_a_progress_cell_naming_every_lesson():
    lessons = course_site.load_lessons()
    source = course_site.progress_cell(lessons)
    assert "progress.show(" in source
    for lesson in lessons:
        assert f"{course_site.lesson_code(lesson['notebook'])!r}: {lesson['title']!r}" in source
