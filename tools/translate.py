"""The Korean edition (한국어판): gettext catalogs beside the English source, Korean notebooks built from them.

    python tools/translate.py            # `make korean`: update the catalogs, then build and run ko/
    python tools/translate.py update     # only bring the catalogs up to date with the English text
    python tools/translate.py check      # list missing, fuzzy and broken translations (exit 1 if any)
    python tools/translate.py [all|update|check] chapters/03_evaluation.ipynb ...   # only these lessons

English is the source. What a learner reads is extracted into one catalog per lesson,
`i18n/ko/<folder>/<lesson>.po` (markdown split into blocks: paragraphs, lists, tables, headings;
the texts of the quiz and the `description=` of widgets in code cells), plus `i18n/ko/course.po` (the
course index) and `src/helpers/locale/ko/LC_MESSAGES/helpers.po` (everything the helpers say through
`helpers.i18n._`). These are standard PO files: Poedit, Weblate or Crowdin open them.

`update` merges new English text into the catalogs (Babel): a new block arrives untranslated, a
changed block keeps its old translation marked *fuzzy* until a translator confirms it. The build
refuses a catalog with missing or fuzzy entries, so a Korean notebook never shows a stale or English
paragraph. Then every Korean notebook is generated: same cells and code as the English one, the
translated markdown and texts, a cell that makes the helpers speak Korean, badges and a language
link for its own path. A notebook whose code changed is executed again (tools/execute.py); one whose
code is unchanged keeps its outputs.
"""

from __future__ import annotations

import ast
import io
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))

import courseenv  # noqa: E402
import hygiene  # noqa: E402

ROOT = courseenv.ROOT
LANG = "ko"
CATALOGS = ROOT / "i18n" / LANG
OUT = ROOT / LANG
HELPERS_SRC = ROOT / "src" / "helpers"
HELPERS_CATALOG = HELPERS_SRC / "locale" / LANG / "LC_MESSAGES" / "helpers.po"
COURSE_CATALOG = CATALOGS / "course.po"
LANGUAGE_TAG = "language-setup"
LANGUAGE_CELL = (
    "# 한국어판: 연습 문제 채점, 퀴즈, 위젯 안내를 한국어로 표시합니다.\n"
    "from helpers.i18n import set_language\n\n"
    f'set_language("{LANG}")'
)
_FENCE = re.compile(r"^\s*(```|~~~)")
_LETTERS = re.compile(r"[A-Za-z]")
_FIELD = re.compile(r"(?<!\{)\{(?!\{)([^{}]*)\}")
_NUMBER = re.compile(r"(?<![\w.])(\d[\d,]*(?:\.\d+)?)(?:\s*(million|billion|thousand|천만|백만|만|억|천)(?![a-z]))?")
# Large numbers may be written the Korean way: "3 million" as 300만, "50 million" as 5천만.
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "천": 1e3, "만": 1e4, "백만": 1e6, "천만": 1e7, "억": 1e8}
_LINK_TARGET = re.compile(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
_CODE_SPAN = re.compile(r"`[^`]+`")


# --- what is translated ---------------------------------------------------------------------------


def markdown_blocks(source: str) -> list[str]:
    """Split markdown into blocks separated by blank lines (a fenced code block stays whole).

    Example:
        >>> markdown_blocks("# Title\\n\\nOne line\\nand more.\\n\\n```\\na\\n\\nb\\n```")
        ['# Title', 'One line\\nand more.', '```\\na\\n\\nb\\n```']
    """
    blocks: list[list[str]] = [[]]
    fenced = False
    for line in source.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
        if not line.strip() and not fenced:
            if blocks[-1]:
                blocks.append([])
            continue
        blocks[-1].append(line)
    return ["\n".join(b) for b in blocks if b]


def needs_translation(block: str) -> bool:
    """Blocks with words to translate: not the badge marker or line, not code, not bare symbols."""
    stripped = block.strip()
    if stripped.startswith(("<!--", "[![Open in Binder]", "```", "~~~")):
        return False
    return bool(_LETTERS.search(_CODE_SPAN.sub("", stripped)))


@dataclass(frozen=True)
class CodeText:
    """A string literal in a code cell that a learner reads (quiz texts, widget descriptions)."""

    start: int  # offsets into the cell source (characters)
    end: int
    text: str  # the msgid: the string's value, or an f-string's template with its {fields}
    fstring: bool
    quote: str


def _offsets(source: str) -> list[int]:
    starts, total = [0], 0
    for line in source.splitlines(keepends=True):
        total += len(line)
        starts.append(total)
    return starts


def _char_offset(source: str, lines: list[int], lineno: int, col_bytes: int) -> int:
    line_start = lines[lineno - 1]
    line = source[line_start:lines[lineno]] if lineno < len(lines) else source[line_start:]
    return line_start + len(line.encode("utf-8")[:col_bytes].decode("utf-8"))


def _template(node: ast.JoinedStr, source: str) -> str:
    parts = []
    for value in node.values:
        if isinstance(value, ast.Constant):
            parts.append(str(value.value).replace("{", "{{").replace("}", "}}"))
        elif isinstance(value, ast.FormattedValue):
            expr = ast.get_source_segment(source, value.value) or ast.unparse(value.value)
            conversion = {-1: "", 115: "!s", 114: "!r", 97: "!a"}[value.conversion]
            spec = ""
            if value.format_spec is not None:
                spec = ":" + _template(value.format_spec, source)  # type: ignore[arg-type]
            parts.append("{" + expr + conversion + spec + "}")
    return "".join(parts)


def code_texts(source: str) -> list[CodeText]:
    """The translatable strings of a code cell: every text in a ``Quiz(...)`` call except dict keys,
    and the ``description=`` of any call (widget labels).

    Example:
        >>> [t.text for t in code_texts('w = widgets.IntSlider(description="rounds", min=1)')]
        ['rounds']
        >>> [t.text for t in code_texts('q = quiz.Quiz([{"prompt": f"Pick {n:.2f}", "answer": 1}])')]
        ['Pick {n:.2f}']
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    keys: set[int] = set()
    wanted: list[ast.expr] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            keys.update(id(k) for k in node.keys if k is not None)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name == "Quiz":
            for inner in ast.walk(node):
                if isinstance(inner, (ast.Constant, ast.JoinedStr)) and id(inner) not in keys:
                    wanted.append(inner)
        for keyword in node.keywords:
            if keyword.arg == "description" and isinstance(keyword.value, (ast.Constant, ast.JoinedStr)):
                wanted.append(keyword.value)
    lines = _offsets(source)
    found: dict[int, CodeText] = {}
    inside_fstring = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in ast.walk(n) if v is not n}
    for node in wanted:
        if id(node) in inside_fstring:
            continue
        if isinstance(node, ast.Constant) and not isinstance(node.value, str):
            continue
        start = _char_offset(source, lines, node.lineno, node.col_offset)
        end = _char_offset(source, lines, node.end_lineno, node.end_col_offset)  # type: ignore[arg-type]
        literal = source[start:end]
        quote = "'" if literal.lstrip("rbfuRBFU")[:1] == "'" else '"'
        if isinstance(node, ast.JoinedStr):
            text, fstring = _template(node, source), True
        else:
            text, fstring = node.value, False
        if text.strip() and _LETTERS.search(text):
            found[start] = CodeText(start, end, text, fstring, quote)
    return [found[k] for k in sorted(found)]


def python_literal(text: str, *, fstring: bool, quote: str = '"') -> str:
    """A Python string literal for ``text`` (an f-string keeps its ``{fields}``).

    Example:
        >>> python_literal('그는 "네"라고 했다\\n', fstring=False)
        '"그는 \\\\"네\\\\"라고 했다\\\\n"'
    """
    fields = _FIELD.findall(text) if fstring else []
    if fstring and any(quote in f for f in fields):
        quote = "'" if quote == '"' else '"'
    body = text.replace("\\", "\\\\").replace("\n", "\\n")
    if fstring:
        pieces = re.split(r"(\{[^{}]*\})", body)
        body = "".join(p if p.startswith("{") and p.endswith("}") and p[1:-1] in fields else p.replace(quote, "\\" + quote) for p in pieces)
    else:
        body = body.replace(quote, "\\" + quote)
    return ("f" if fstring else "") + quote + body + quote


@dataclass(frozen=True)
class Message:
    """One msgid with where it comes from (for translators: ``#: notebook:cell-id``)."""

    text: str
    where: str
    kind: str  # "markdown" or "code"


def is_lesson_cell(cell: Any) -> bool:
    return not (cell.cell_type == "code" and hygiene.COLAB_TAG in hygiene.tags(cell))


def title_line(cell_source: str) -> str:
    return cell_source.splitlines()[0] if cell_source.strip() else ""


def notebook_messages(nb: Any, name: str) -> list[Message]:
    """Every translatable text of an English notebook, in reading order."""
    messages = []
    for index, cell in enumerate(nb.cells):
        where = f"{name}:{cell.get('id', index)}"
        if cell.cell_type == "markdown":
            for block in markdown_blocks(cell.source):
                if needs_translation(block):
                    messages.append(Message(block, where, "markdown"))
        elif cell.cell_type == "code" and is_lesson_cell(cell):
            messages.extend(Message(t.text, where, "code") for t in code_texts(cell.source))
    return messages


# --- catalogs -------------------------------------------------------------------------------------


def lesson_notebooks() -> list[Path]:
    """The English lessons (chapters/, case_studies/)."""
    return [p for p in courseenv.notebooks() if p.relative_to(ROOT).parts[0] != LANG]


def catalog_for(notebook: Path) -> Path:
    return CATALOGS / notebook.relative_to(ROOT).with_suffix(".po")


def korean_path(notebook: Path) -> Path:
    return OUT / notebook.relative_to(ROOT)


def _new_catalog(project: str) -> Any:
    from babel.messages.catalog import Catalog

    return Catalog(
        locale=LANG, project=project, version="1", copyright_holder="ML at Work course authors",
        msgid_bugs_address="the course repository's issues", charset="utf-8", fuzzy=False, creation_date=datetime(2026, 12, 1),
        revision_date=datetime(2026, 12, 1), last_translator="ML at Work course authors",
        language_team="Korean edition of ML at Work",
        header_comment=(
            f"# Korean translation of {project} (ML at Work, the interactive course).\n"
            "# English is the source; `make korean` merges new English text into this file.\n"
            "# Code and lesson text: MIT licence, like the course."
        ),
    )


def template_for(messages: Iterable[Message], project: str) -> Any:
    catalog = _new_catalog(project)
    for message in messages:
        existing = catalog.get(message.text)
        location = (message.where.rsplit(":", 1)[0], 0)
        if existing is None:
            flags = ["python-brace-format"] if message.kind == "code" and _FIELD.search(message.text) else []
            catalog.add(message.text, locations=[location], flags=flags,
                        auto_comments=[f"cell {message.where.rsplit(':', 1)[1]} ({message.kind})"])
        elif location not in existing.locations:
            existing.locations.append(location)
    return catalog


def read_catalog(path: Path) -> Any:
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        return read_po(handle, locale=LANG)


def write_catalog(catalog: Any, path: Path) -> bool:
    """Write ``catalog`` to ``path`` if its text changed; atomically. Returns True if written."""
    from babel.messages.pofile import write_po

    for message in catalog:
        # Babel marks any text with a percent sign ("95% of") as a printf format, and translators' tools
        # would then demand "% o" in the Korean. The course's placeholders are {named}; entry_problems checks them.
        message.flags.discard("python-format")
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, omit_header=False, sort_output=False, include_previous=True)
    text = buffer.getvalue()
    text = re.sub(rb'"POT-Creation-Date: [^"]*\\n"\n', b"", text)
    text = re.sub(rb'"PO-Revision-Date: [^"]*\\n"\n', b"", text)
    text = re.sub(rb'"Generated-By: [^"]*\\n"\n', b"", text)
    if path.exists() and path.read_bytes() == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(text)
    tmp.replace(path)
    return True


def merge(template: Any, path: Path) -> Any:
    """The catalog at ``path`` brought up to date with ``template`` (new entries empty, changed ones fuzzy)."""
    if not path.exists():
        return template
    catalog = read_catalog(path)
    catalog.update(template, update_header_comment=False, update_creation_date=False)
    catalog.obsolete.clear()  # the old texts stay in git history; the file holds the current ones
    return catalog


def helpers_template() -> Any:
    from babel.messages.extract import extract_from_dir

    catalog = _new_catalog("ml-at-work helpers")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(HELPERS_SRC), method_map=[("**.py", "python")], keywords={"_": None, "N_": None, "tr": None, "percent_hint": None}, comment_tags=("Translators:",),
    ):
        if not isinstance(message, str) or not message.strip():
            continue
        location = (f"src/helpers/{filename}", lineno)
        existing = catalog.get(message)
        if existing is None:
            flags = ["python-brace-format"] if _FIELD.search(message) else []
            catalog.add(message, locations=[location], flags=flags, auto_comments=list(comments))
        else:
            existing.locations.append(location)
    return catalog


def course_messages() -> list[Message]:
    import sitegen

    messages = [Message(text, "course.toml:index", "markdown") for text in sitegen.index_texts()]
    for lesson in sitegen.load_lessons():
        messages.append(Message(lesson["title"], f"course.toml:{lesson['notebook']}", "markdown"))
        messages.append(Message(lesson["teaches"], f"course.toml:{lesson['notebook']}", "markdown"))
    return messages


def all_catalogs(lessons: list[Path] | None = None) -> dict[Path, Any]:
    """Every catalog path -> its up-to-date template (only the lessons' catalogs when ``lessons`` is given)."""
    chosen = lesson_notebooks() if lessons is None else lessons
    plans = {catalog_for(nb): template_for(notebook_messages(nbformat.read(nb, as_version=4), nb.relative_to(ROOT).as_posix()),
                                           nb.relative_to(ROOT).as_posix()) for nb in chosen}
    if lessons is None:
        plans[COURSE_CATALOG] = template_for(course_messages(), "course index")
        plans[HELPERS_CATALOG] = helpers_template()
    return plans


def update(lessons: list[Path] | None = None) -> list[Path]:
    """Merge the English text into the catalogs; return the catalogs that changed."""
    changed = []
    for path, template in all_catalogs(lessons).items():
        if write_catalog(merge(template, path), path):
            changed.append(path)
    return changed


# --- checks ----------------------------------------------------------------------------------------


def _numbers(text: str) -> list[set[str]]:
    """Each number of ``text`` as the ways it may be written: its digits, and its value with a scale word.

    Example:
        >>> [sorted(forms) for forms in _numbers("3 million users, 0.5% of 1,470")]
        [['3', '3000000'], ['0.5'], ['1470']]
    """
    found = []
    for digits, scale in _NUMBER.findall(_CODE_SPAN.sub("", re.sub(r"\]\([^)]*\)", "]", text))):
        plain = digits.replace(",", "")
        forms = {plain}
        if scale:
            value = float(plain) * _SCALES[scale]
            forms.add(f"{value:.0f}" if value == int(value) else f"{value:g}")
        found.append(forms)
    return found


def unrendered_emphasis(markdown: str) -> list[str]:
    """Text that a CommonMark renderer shows with literal asterisks (outside code), such as emphasis
    that does not close.

    CommonMark's flanking rules: a closing ``**`` right after punctuation must be followed by a space
    or punctuation, so ``**정밀도(precision)**는`` shows its asterisks. Korean particles make this
    easy to write. Rendered with mistune (the renderer nbconvert uses); a lone ``*`` between spaces
    (a multiplication) is fine.

    Example:
        >>> unrendered_emphasis("**정밀도(precision)**는 높습니다.")
        ['**정밀도(precision)**는 높습니다.']
        >>> unrendered_emphasis("**정밀도(precision)** 는 높고, **재현율**은 낮고, *책*의 3장, 2 * 3")
        []
    """
    import mistune

    found: list[str] = []

    def walk(tokens: list[dict[str, Any]]) -> None:
        for token in tokens:
            if token.get("type") == "text" and re.search(r"\*(?!\s)|(?<!\s)\*", token.get("raw", "")):
                found.append(token["raw"])
            walk(token.get("children") or [])

    walk(mistune.create_markdown(renderer=None)(markdown))
    return found


def entry_problems(msgid: str, msgstr: str, *, code: bool = False) -> list[str]:
    """What is wrong with one translation (empty list: fine).

    Example:
        >>> entry_problems("Costs {x:.2f} in 3 weeks", "{x:.2f} 비용, 3주")
        []
        >>> entry_problems("See [the guide](a.md) for 3 cases.", "가이드를 보세요.")
        ['link target a.md is missing', 'number 3 is missing']
    """
    problems = []
    if code and sorted(_FIELD.findall(msgid)) != sorted(_FIELD.findall(msgstr)):
        problems.append(f"placeholders differ: {sorted(set(_FIELD.findall(msgid)))} vs {sorted(set(_FIELD.findall(msgstr)))}")
    for target in _LINK_TARGET.findall(msgid):
        if target not in msgstr:
            problems.append(f"link target {target} is missing")
    for span in _CODE_SPAN.findall(msgid):
        if span not in msgstr:
            problems.append(f"code {span} is missing")
    got = _numbers(msgstr)
    for forms in _numbers(msgid):
        match = next((k for k, other in enumerate(got) if forms & other), None)
        if match is None:
            problems.append(f"number {min(forms, key=len)} is missing")
        else:
            got.pop(match)
    if msgid.lstrip().startswith("#") and not msgstr.lstrip().startswith(msgid.lstrip().split(" ", 1)[0] + " "):
        problems.append("a heading must stay a heading of the same level")
    tildes = len(re.findall(r"~", _CODE_SPAN.sub("", msgstr)))
    if not code and tildes >= 2 and tildes > len(re.findall(r"~", _CODE_SPAN.sub("", msgid))):
        problems.append("two '~' in one block render the text between them struck through (GitHub-flavoured "
                        "markdown, as in JupyterLab): write ranges as 26%–31% or '26%에서 31%'")
    if not code and len(unrendered_emphasis(msgstr)) > len(unrendered_emphasis(msgid)):
        stuck = unrendered_emphasis(msgstr)[0][:60]
        problems.append(f"asterisks shown as text near {stuck!r}: emphasis that ends after punctuation needs a space "
                        "or punctuation after it (move the particle, or put the bracket outside the bold)")
    english_words = len(re.findall(r"[A-Za-z]{3,}", _CODE_SPAN.sub("", msgid)))
    if english_words >= 3 and not re.search("[\uac00-\ud7a3]", msgstr):
        problems.append("no Korean in the translation")
    return problems


def catalog_problems(path: Path, template: Any | None = None) -> list[str]:
    """Missing, fuzzy, stale and malformed entries of one catalog."""
    from babel.messages.mofile import write_mo

    rel = path.relative_to(ROOT)
    if not path.exists():
        return [f"{rel}: missing; run `make korean` to create it, then translate it"]
    try:
        catalog = read_catalog(path)
        write_mo(io.BytesIO(), catalog)
    except Exception as exc:  # noqa: BLE001 - any parse or compile failure is the finding
        return [f"{rel}: does not compile ({exc})"]
    problems = []
    for message in catalog:
        if not message.id:
            continue
        where = f"{rel}:{message.lineno}"
        if not message.string:
            problems.append(f"{where}: untranslated: {str(message.id)[:70]!r}")
        elif message.fuzzy:
            problems.append(f"{where}: fuzzy (the English changed; check and confirm): {str(message.id)[:70]!r}")
        else:
            code = any(location.startswith(("chapters/", "case_studies/")) for location, _ in message.locations) and (
                "python-brace-format" in message.flags or any("(code)" in c for c in message.auto_comments)
            )
            problems.extend(
                f"{where}: {p}: {str(message.id)[:50]!r}" for p in entry_problems(str(message.id), str(message.string), code=code)
            )
    if template is not None:
        have = {m.id for m in catalog if m.id}
        for message in template:
            if message.id and message.id not in have:
                problems.append(f"{rel}: stale: the English text changed or is new ({str(message.id)[:60]!r}); run `make korean`")
    return problems


# --- what a Korean reader must not see, and the terms they must see ----------------------------------

_HIDDEN = [
    re.compile(r"```.*?```", re.S),  # code blocks
    re.compile(r"`[^`]*`"),  # code
    re.compile(r"<!--.*?-->", re.S),
    re.compile(r"<[^>]+>"),  # HTML tags
    re.compile(r"\$\$.*?\$\$|\$[^$\n]*\$", re.S),  # maths
    re.compile(r"\]\([^)]*\)"),  # link targets
    re.compile(r"\[[^\]]*\]"),  # link texts (titles of papers and pages)
    re.compile(r"(?<!\*)\*(?!\*)[^*]+?(?<!\*)\*(?!\*)|\b_[^_]+?_\b"),  # italics, even across lines: titles of papers and books
    re.compile(r"\"[^\"\n]*\"|“[^”]*”|'[^'\n]{3,}'"),  # quoted names
    re.compile(r"https?://\S+"),
]
_ENGLISH_RUN = re.compile(r"(?:\b[A-Za-z][A-Za-z'’-]*\b[ ,;:]*){6,}")


def english_leftovers(markdown: str) -> list[str]:
    """Runs of six or more English words outside code, links, maths, italics and quotes.

    Example:
        >>> english_leftovers("정밀도는 *An introduction to ROC analysis* 에서 [the scikit-learn guide](x) 참고")
        []
        >>> english_leftovers("정밀도: the share of flagged items that are really positive.")
        ['the share of flagged items that are really positive']
    """
    text = markdown
    for pattern in _HIDDEN:
        text = pattern.sub(" ", text)
    return [m.group(0).strip(" ,;:") for m in _ENGLISH_RUN.finditer(text)]


def korean_terms(glossary_path: Path | None = None) -> list[tuple[Any, list[str]]]:
    """(glossary term, its accepted Korean forms) for every row of GLOSSARY.md.

    The Korean column gives the form the course uses first, then alternatives in brackets:
    ``머신러닝 (기계 학습)`` accepts both.
    """
    import glossary

    path = glossary_path or glossary.GLOSSARY
    terms = {t.anchor: t for t in glossary.load_terms(path)}
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = glossary.ROW.match(line)
        if not match:
            continue
        korean = [c.strip() for c in line.strip().strip("|").split("|")][2]
        forms = [f.strip() for f in re.split(r"[(),/]", korean) if f.strip()]
        found.append((terms[match.group(1)], forms))
    return found


def terminology_problems(msgid: str, msgstr: str, terms: list[tuple[Any, list[str]]]) -> list[str]:
    """Glossary terms used in the English that the Korean does not render with a glossary form."""
    visible = msgid
    for pattern in [*_HIDDEN[:6], _HIDDEN[7]]:  # code, comments, tags, maths, link targets, titles in italics
        visible = pattern.sub(" ", visible)
    compact = re.sub(r"\s+", "", msgstr).lower()
    problems = []
    for term, forms in terms:
        if term.pattern.search(visible) and not any(re.sub(r"\s+", "", f).lower() in compact for f in forms):
            problems.append(f"{term.text!r} should be translated as {' or '.join(forms)}")
    return problems


def check_all(lessons: list[Path] | None = None) -> list[str]:
    return [p for path, template in all_catalogs(lessons).items() for p in catalog_problems(path, template)]


def translations(path: Path) -> dict[str, str]:
    catalog = read_catalog(path)
    return {str(m.id): str(m.string) for m in catalog if m.id and m.string and not m.fuzzy}


# --- building the Korean notebooks -----------------------------------------------------------------


def relocate_links(markdown: str, depth: int = 1) -> str:
    """Relative links to files other than notebooks get ``../`` (the Korean notebooks sit one folder deeper).

    Example:
        >>> relocate_links("[a](../GLOSSARY.md#kpi) [b](02_x.ipynb) [c](https://x.org)")
        '[a](../../GLOSSARY.md#kpi) [b](02_x.ipynb) [c](https://x.org)'
    """
    def fix(match: re.Match[str]) -> str:
        target = match.group(1)
        if re.match(r"^[a-z]+:|^#|^/", target) or target.split("#", 1)[0].endswith(".ipynb"):
            return match.group(0)
        return match.group(0).replace(f"]({target}", f"]({'../' * depth}{target}", 1)

    return re.sub(r"\]\(([^)\s]+)", fix, markdown)


def translate_markdown(source: str, table: dict[str, str], missing: list[str]) -> str:
    out = []
    for block in markdown_blocks(source):
        if needs_translation(block):
            if block not in table:
                missing.append(block)
                out.append(block)
            else:
                out.append(relocate_links(table[block]))
        else:
            out.append(block)
    return "\n\n".join(out)


def translate_code(source: str, table: dict[str, str], missing: list[str]) -> str:
    pieces, last = [], 0
    for text in code_texts(source):
        translated = table.get(text.text)
        if translated is None:
            missing.append(text.text)
            continue
        pieces.append(source[last:text.start])
        pieces.append(python_literal(translated, fstring=text.fstring, quote=text.quote))
        last = text.end
    pieces.append(source[last:])
    return "".join(pieces)


def build_notebook(english: Path, table: dict[str, str]) -> tuple[Any, list[str]]:
    """The Korean notebook (without outputs) and the texts that had no translation."""
    import sitegen

    nb = nbformat.read(english, as_version=4)
    missing: list[str] = []
    cells = []
    for cell in nb.cells:
        new = nbformat.from_dict(dict(cell))
        if cell.cell_type == "markdown":
            new.source = translate_markdown(cell.source, table, missing)
        elif cell.cell_type == "code":
            new.outputs, new.execution_count = [], None
            if is_lesson_cell(cell):
                new.source = translate_code(cell.source, table, missing)
        cells.append(new)
        if cell.cell_type == "code" and hygiene.COLAB_TAG in hygiene.tags(cell):
            language = nbformat.v4.new_code_cell(LANGUAGE_CELL)
            language.id = "language-setup"
            language.metadata["tags"] = [LANGUAGE_TAG]
            cells.append(language)
    nb.cells = cells
    for key in ("widgets", "papermill"):
        nb.metadata.pop(key, None)
    nb.metadata.pop(hygiene.METADATA_KEY, None)
    sitegen.render_notebook(nb, korean_path(english).relative_to(ROOT).as_posix(), sitegen.load_hosting())
    return nb, missing


def _sources(nb: Any, kind: str) -> list[str]:
    return [c.source for c in nb.cells if c.cell_type == kind]


def build(lessons: list[Path] | None = None, execute: bool = True) -> list[str]:
    """Write every Korean notebook whose translation or code changed; run those whose code changed."""
    import execute as executor

    problems, to_run = [], []
    for english in lesson_notebooks() if lessons is None else lessons:
        catalog = catalog_for(english)
        if not catalog.exists():
            problems.append(f"{catalog.relative_to(ROOT)}: missing; run `make korean`")
            continue
        nb, missing = build_notebook(english, translations(catalog))
        if missing:
            problems.extend(f"{catalog.relative_to(ROOT)}: no translation for {m[:70]!r}" for m in missing)
            continue
        target = korean_path(english)
        if target.exists():
            old = nbformat.read(target, as_version=4)
            if _sources(old, "code") == _sources(nb, "code") and [c.cell_type for c in old.cells] == [c.cell_type for c in nb.cells]:
                for old_cell, new_cell in zip(old.cells, nb.cells, strict=True):
                    if old_cell.cell_type == "markdown":
                        old_cell.source = new_cell.source
                nb = old  # same code: keep the outputs, take the new text
            else:
                to_run.append(target)
        else:
            to_run.append(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        text = nbformat.writes(nb) + "\n"
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            tmp = target.with_name(f".{target.name}.tmp")
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(target)
            print(f"built {target.relative_to(ROOT)}")
    if problems:
        return problems
    if execute and to_run:
        courseenv.apply()
        for path in to_run:
            start = datetime.now()
            executor.execute(path)
            print(f"executed {path.relative_to(ROOT)} ({(datetime.now() - start).total_seconds():.1f} s)")
    return []


def main(argv: list[str]) -> int:
    command = argv[0] if argv and argv[0] in {"all", "update", "check"} else "all"
    names = argv[1:] if argv and argv[0] == command else argv
    unknown = [n for n in names if not (ROOT / n).is_file() or courseenv.edition(ROOT / n) != "en"]
    if unknown:
        print(f"not English lessons: {unknown}\n{__doc__}")
        return 2
    lessons = [(ROOT / n).resolve() for n in names] or None
    if command in {"all", "update"}:
        for path in update(lessons):
            print(f"updated {path.relative_to(ROOT)}")
    if command == "update":
        return 0
    problems = check_all(lessons)
    if command == "check" or problems:
        for problem in problems:
            print(problem)
        if problems:
            print(f"\n{len(problems)} problems: translate or confirm these entries (Poedit, or edit the .po files), then run `make korean` again.")
        return 1 if problems else 0
    problems = build(lessons)
    for problem in problems:
        print(problem)
    return 1 if problems else 0


def iter_korean() -> Iterator[Path]:
    yield from (korean_path(p) for p in lesson_notebooks())


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
