"""The glossary: well formed, and every notebook links a term where it first appears."""

from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_markdown_cell, new_notebook

import courseenv
import glossary

NOTEBOOKS = courseenv.notebooks(editions=("en",))  # the Korean edition is checked by test_korean.py
TERMS = glossary.load_terms()


def test_glossary_rows_have_english_japanese_korean_and_a_meaning():
    rows = [line for line in glossary.GLOSSARY.read_text(encoding="utf-8").splitlines() if glossary.ROW.match(line)]
    assert len(rows) == len(TERMS) >= 40
    anchors = [t.anchor for t in TERMS]
    assert len(set(anchors)) == len(anchors), "duplicate anchors"
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert len(cells) == 4 and all(cells), row
        assert any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in cells[1]) or cells[1].isascii(), row
        assert any("\uac00" <= ch <= "\ud7a3" for ch in cells[2]) or cells[2].isascii(), row


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_first_mentions_are_linked(path):
    nb = nbformat.read(path, as_version=4)
    assert glossary.link_notebook(nb, path, TERMS) == [], "run `make glossary`"


def test_linker_links_only_the_first_prose_mention(tmp_path):
    notebook = courseenv.ROOT / "chapters" / "99_demo.ipynb"  # only its folder matters for the link
    nb = new_notebook(cells=[
        new_markdown_cell("# Chapter 99 — Precision"),
        new_markdown_cell("## Precision\nUse `precision` and [precision](https://example.org) wisely."),
        new_markdown_cell("Precision matters. Then precision again, and recalls."),
    ])
    added = glossary.link_notebook(nb, notebook, [glossary.Term("precision", "precision"), glossary.Term("recall", "recall")])
    assert sorted(added) == ["precision", "recall"]
    assert nb.cells[1].source == "## Precision\nUse `precision` and [precision](https://example.org) wisely."
    assert nb.cells[2].source == (
        "[Precision](../GLOSSARY.md#precision) matters. Then precision again, and [recalls](../GLOSSARY.md#recall)."
    )
    assert glossary.link_notebook(nb, notebook, [glossary.Term("precision", "precision")]) == []


def test_acronyms_match_case_sensitively():
    shap = glossary.Term("shap", "SHAP")
    assert shap.pattern.search("the SHAP values") and shap.pattern.search("the shap package") is None
    assert shap.pattern.search("the shapes of curves") is None
    assert glossary.Term("kpi", "KPI").pattern.search("two KPIs")
    assert glossary.Term("a-b-test", "A/B test").pattern.search("two a/b tests")  # a phrase, not an acronym
