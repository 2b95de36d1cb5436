"""The Korean edition (한국어판): built from the English lessons and the gettext catalogs, complete and current.

The Korean notebooks also run under strict nbval (they are collected from ko/), pass the hygiene
frame (test_hygiene.py), and their student edition runs (test_student.py, test_browser.py). Here:
the catalogs compile and hold a confirmed translation of every current English text; each Korean
notebook is exactly what `make korean` builds from them (so an English cell changed after its
translation fails); no English sentence is left in Korean markdown; glossary terms use their Korean
form; and the helpers speak Korean when the Korean notebooks ask them to.
"""

from __future__ import annotations

import ast
import importlib
import re

import nbformat
import pytest

import courseenv
import translate
from helpers import check, i18n
from helpers.exercises import MODULES

LESSONS = translate.lesson_notebooks()
IDS = [p.name for p in LESSONS]
HANGUL = re.compile("[\uac00-\ud7a3]")
TERMS = translate.korean_terms()


# --- the tool --------------------------------------------------------------------------------------


def test_markdown_blocks_keep_fenced_code_whole_and_skip_badges():
    blocks = translate.markdown_blocks("# T\n\n<!-- badges -->\n\n[![Open in Binder](b)](x)\n\nText\nmore\n\n```\na\n\nb\n```")
    assert blocks == ["# T", "<!-- badges -->", "[![Open in Binder](b)](x)", "Text\nmore", "```\na\n\nb\n```"]
    assert [translate.needs_translation(b) for b in blocks] == [True, False, False, True, False]


def test_code_texts_finds_quiz_texts_and_widget_descriptions_but_not_keys_or_code():
    source = (
        'slider = widgets.IntSlider(description="rounds", min=1)\n'
        'label = "not for learners"\n'
        'q = quiz.Quiz([{"prompt": f"Best at {t:.2f}?", "options": ["yes", \'no "really"\'], "answer": 0,\n'
        '                "explanations": ["Right: " "joined.", "No."]}])\n'
    )
    texts = [t.text for t in translate.code_texts(source)]
    assert texts == ["rounds", "Best at {t:.2f}?", "yes", 'no "really"', "Right: joined.", "No."]


@pytest.mark.parametrize("text", ['그는 "네"라고 했다', "줄\n바꿈 \\ 역슬래시", "it's", '{a} "b" {c:.2f}'])
def test_python_literal_round_trips(text):
    assert ast.literal_eval(translate.python_literal(text, fstring=False)) == text
    a, c = 1, 2.0
    literal = translate.python_literal(text, fstring=True)
    assert eval(literal) == text.format(a=a, c=c) if "{" in text else eval(literal) == text  # noqa: S307


def test_translated_code_still_parses_and_keeps_expressions():
    source = 'q = quiz.Quiz([{"prompt": f"Threshold {best[\'t\']:.2f}?", "options": ["a b", "c d"]}])'
    table = {"Threshold {best['t']:.2f}?": "임계값 {best['t']:.2f}?", "a b": "가 나", "c d": "다 라"}
    missing: list[str] = []
    out = translate.translate_code(source, table, missing)
    assert not missing
    prompt = next(n for n in ast.walk(ast.parse(out)) if isinstance(n, ast.JoinedStr))
    best = {"t": 0.5}
    assert eval(compile(ast.Expression(prompt), "<prompt>", "eval")) == "임계값 0.50?"  # noqa: S307
    assert '"가 나"' in out and '"다 라"' in out


@pytest.mark.parametrize(
    ("msgid", "msgstr", "problem"),
    [
        ("Costs {x:.2f}.", "비용은 {x}입니다.", "placeholders differ"),
        ("See [the guide](../GLOSSARY.md#kpi).", "가이드를 보세요.", "link target"),
        ("Use `np.mean` here.", "여기서 평균을 씁니다.", "code `np.mean`"),
        ("It finds 124 of 219 churners.", "이탈 고객 219명 중 일부를 찾습니다.", "number 124"),
        ("## 4. Precision and recall", "4. 정밀도와 재현율", "heading"),
        ("This sentence was not translated at all.", "This sentence was not translated at all.", "no Korean"),
    ],
)
def test_entry_problems_catch_broken_translations(msgid, msgstr, problem):
    assert any(problem in p for p in translate.entry_problems(msgid, msgstr, code="{" in msgid))


def test_markdown_braces_and_maths_are_not_placeholders():
    assert translate.entry_problems("Support of {bread, butter}: $\\text{lift} = 2$.", "{bread, butter}의 지지도: $\\text{향상도} = 2$.") == []


def test_emphasis_that_would_show_its_asterisks_is_caught():
    problems = translate.entry_problems("**Precision (P)** is high.", "**정밀도(P)**는 높습니다.")
    assert any("asterisks shown as text" in p for p in problems)
    assert translate.entry_problems("**Precision (P)** is high.", "**정밀도(P)** 는 높습니다.") == []


def test_entry_problems_accept_a_faithful_translation():
    msgid = "## 4. Precision\n\nOf the [219 churners](../GLOSSARY.md#recall) it finds 124 with `proba >= 0.5`."
    msgstr = "## 4. 정밀도\n\n[이탈 고객 219명](../GLOSSARY.md#recall) 중 124명을 `proba >= 0.5`로 찾습니다."
    assert translate.entry_problems(msgid, msgstr) == []


def test_relocated_links_point_one_folder_up_except_notebooks_and_urls():
    text = "[a](../GLOSSARY.md#kpi) [b](02_x.ipynb) [c](../case_studies/10_y.ipynb#s) [d](https://x.org) [e](#top)"
    assert translate.relocate_links(text) == (
        "[a](../../GLOSSARY.md#kpi) [b](02_x.ipynb) [c](../case_studies/10_y.ipynb#s) [d](https://x.org) [e](#top)"
    )


def test_terminology_problems_name_the_expected_korean_term():
    assert translate.terminology_problems("The precision is high.", "정밀도가 높습니다.", TERMS) == []
    problems = translate.terminology_problems("The precision is high.", "적합률이 높습니다.", TERMS)
    assert problems and "정밀도" in problems[0]
    assert translate.terminology_problems("Use `precision_score`.", "`precision_score`를 씁니다.", TERMS) == []


# --- the edition -------------------------------------------------------------------------------------


def test_every_catalog_compiles_and_translates_every_current_english_text():
    problems = translate.check_all()
    assert not problems, f"{len(problems)} problems; run `make korean` and translate:\n" + "\n".join(problems[:40])


@pytest.mark.parametrize("english", LESSONS, ids=IDS)
def test_the_korean_notebook_is_built_from_the_current_english_and_catalog(english):
    expected, missing = translate.build_notebook(english, translate.translations(translate.catalog_for(english)))
    assert not missing, f"untranslated: {missing[:3]}"
    committed = nbformat.read(translate.korean_path(english), as_version=4)
    assert [(c.cell_type, c.source) for c in committed.cells] == [(c.cell_type, c.source) for c in expected.cells], (
        "the Korean notebook is out of date with the English one or its catalog: run `make korean`"
    )


@pytest.mark.parametrize("english", LESSONS, ids=IDS)
def test_no_english_sentence_is_left_in_korean_markdown(english):
    nb = nbformat.read(translate.korean_path(english), as_version=4)
    leftovers = [run for c in nb.cells if c.cell_type == "markdown" for run in translate.english_leftovers(c.source)]
    assert not leftovers, f"untranslated English: {leftovers[:5]}"


@pytest.mark.parametrize("english", LESSONS, ids=IDS)
def test_glossary_terms_use_their_korean_form(english):
    catalog = translate.read_catalog(translate.catalog_for(english))
    problems = [
        f"line {m.lineno}: {p}"
        for m in catalog
        if m.id and m.string and not m.fuzzy
        for p in translate.terminology_problems(str(m.id), str(m.string), TERMS)
    ]
    assert not problems, "\n".join(problems[:20])


def test_the_korean_index_links_every_korean_lesson():
    index = nbformat.read(courseenv.ROOT / "ko" / "index.ipynb", as_version=4)
    text = "\n".join(c.source for c in index.cells)
    for english in LESSONS:
        assert english.relative_to(courseenv.ROOT).as_posix() in text
    assert HANGUL.search(index.cells[0].source)


@pytest.fixture
def korean():
    i18n.set_language("ko")
    yield
    i18n._current = None


@pytest.mark.parametrize("module", MODULES)
def test_every_check_answers_in_korean(korean, module):
    contexts = importlib.import_module(f"test_exercises_{module}").contexts()
    for name in check.exercises(module):
        for answer in ("abc", None):
            feedback = getattr(check, name)(answer, **contexts[name])
            assert HANGUL.search(repr(feedback)), f"{name}({answer!r}) is not in Korean: {feedback!r}"


def test_quiz_and_progress_speak_korean(korean):
    from helpers import progress, quiz

    q = quiz.Quiz([{"prompt": "p", "options": ["a", "b"], "answer": 1, "explanations": ["x", "y"]}])
    assert HANGUL.search(q.as_text()) and HANGUL.search(q.answer(0, 1))
    assert HANGUL.search(repr(progress.show()))
