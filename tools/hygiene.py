"""Notebook hygiene: was it executed top to bottom by `make execute`, and does it follow the guide?

    python tools/hygiene.py [NOTEBOOK ...]     # every course notebook when none are given

nbval only compares cells that have an execution count, and it cannot see a cell whose source was
edited after its output was saved. `make execute` records a digest of every code cell's source in
the notebook metadata; this check recomputes it, so an edit without re-execution fails the tests.
It also checks the frame of ../shared/NOTEBOOK_GUIDE.md (objectives, parameters, exercises with
solutions and checks, quiz, takeaways), error and stderr outputs, and a size cap.
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path
from typing import Any

import nbformat

SIZE_CAP_BYTES = 1_000_000
MIN_EXERCISES = 6
METADATA_KEY = "ml_at_work"
COLAB_TAG = "colab-setup"
SOLUTION_TAG = "solution"
IGNORE_MARK = "NBVAL_IGNORE_OUTPUT"

# The frame in each edition: the title, and the headings every lesson has (NOTEBOOK_GUIDE.md).
FRAMES = {
    "en": (
        re.compile(r"^# (Chapter|Case study) \d+[a-z]? — \S"),
        ("## Before you start", "## Check yourself", "## Key takeaways", "## Going further"),
    ),
    "ko": (
        re.compile(r"^# (\d+장|사례 연구 \d+) — \S"),
        ("## 시작하기 전에", "## 스스로 확인하기", "## 핵심 정리", "## 더 알아보기"),
    ),
}
TITLE, REQUIRED_HEADINGS = FRAMES["en"]
CHECK_CALL = re.compile(r"\bcheck\.(ch|cs)\d\d\w*\(")


def tags(cell: Any) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def hides_answers(cell: Any) -> bool:
    """Code cells whose source gives answers away: solutions, quizzes and the cells that drive them.

    `make execute` collapses them (JupyterLab shows "..." until clicked), so a learner sees the
    quiz widget, not its answer key.
    """
    return SOLUTION_TAG in tags(cell) or "Quiz(" in cell.source or ".answer(" in cell.source


def source_digest(nb: Any) -> str:
    """sha256 of the code that produced the outputs: every code cell's source, in order.

    The Colab set-up cell is left out: `make site` rewrites its install line when the hosting
    address changes, and outside Colab it does nothing, so it cannot change an output.
    """
    digest = hashlib.sha256()
    for cell in nb.cells:
        if cell.cell_type == "code" and COLAB_TAG not in tags(cell):
            digest.update(cell.source.encode("utf-8"))
            digest.update(b"\x00")
    return digest.hexdigest()


def check_notebook(path: str | Path) -> list[str]:
    """Every problem found in one notebook (an empty list when it is clean)."""
    path = Path(path)
    problems: list[str] = []
    size = path.stat().st_size
    if size > SIZE_CAP_BYTES:
        problems.append(f"{size:,} bytes is over the {SIZE_CAP_BYTES:,}-byte cap (lower figure dpi, shorter tables)")
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as exc:  # noqa: BLE001 - any parse failure is the finding
        return [*problems, f"cannot be read as a notebook: {exc}"]
    problems += _execution_problems(nb)
    problems += _output_problems(nb)
    problems += _frame_problems(nb, "ko" if "ko" in path.resolve().parts else "en")
    return problems


def _execution_problems(nb: Any) -> list[str]:
    problems = []
    code = [c for c in nb.cells if c.cell_type == "code"]
    counts = [c.get("execution_count") for c in code]
    if counts != list(range(1, len(code) + 1)):
        problems.append(
            f"execution counts are {counts}, not 1..{len(code)}: run `make execute NB=<this notebook>` "
            "(empty code cells are not allowed either: nbval would skip them)"
        )
    recorded = nb.metadata.get(METADATA_KEY, {}).get("source_sha256")
    if recorded is None:
        problems.append("no execution record in the metadata: run `make execute NB=<this notebook>`")
    elif recorded != source_digest(nb):
        problems.append("code was edited after the last execution: run `make execute NB=<this notebook>`")
    return problems


def _output_problems(nb: Any) -> list[str]:
    problems = []
    for number, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code":
            continue
        ignored, reason_problem = _ignore_marker(cell)
        if reason_problem:
            problems.append(f"cell {number}: {reason_problem}")
        if cell.source.rstrip().endswith(";"):
            problems.append(
                f"cell {number}: ends with ';' to hide a value, which nbval does not honour (it runs cells "
                "without history, and IPython then looks at the wrong cell): end plot cells with plt.show()"
            )
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                problems.append(f"cell {number}: saved output is an error ({output.get('ename')})")
            if output.get("output_type") == "stream" and output.get("name") == "stderr" and not ignored:
                first = output.get("text", "").strip().splitlines()[:1]
                problems.append(f"cell {number}: writes to stderr ({first}); silence the warning at its source")
    return problems


def _ignore_marker(cell: Any) -> tuple[bool, str]:
    """Is the cell's output ignored by nbval, and is the reason given? -> (ignored, problem or '').

    nbval honours the comment only when it stands alone on its line (`# NBVAL_IGNORE_OUTPUT`), or
    the cell tag `nbval-ignore-output`. The guide wants a reason: a comment on the next line (or,
    with the tag, on the first line).
    """
    lines = [line.strip() for line in cell.source.splitlines()]
    tagged = "nbval-ignore-output" in tags(cell)
    for index, line in enumerate(lines):
        if IGNORE_MARK in line and line.lstrip("#").strip() != IGNORE_MARK:
            return tagged, f"write `# {IGNORE_MARK}` alone on its line (nbval ignores `{line}`) and the reason on the next"
        if line.lstrip("#").strip() == IGNORE_MARK:
            reason = lines[index + 1] if index + 1 < len(lines) else ""
            if not (reason.startswith("#") and len(reason.lstrip("# ")) >= 10):
                return True, f"`# {IGNORE_MARK}` needs a comment on the next line saying why"
            return True, ""
    if tagged and not (lines and lines[0].startswith("#") and len(lines[0].lstrip("# ")) >= 10):
        return True, "a cell tagged nbval-ignore-output needs a first-line comment saying why"
    return tagged, ""


def _markdown_problems(nb: Any) -> list[str]:
    """Markdown that JupyterLab and GitHub would show as raw text."""
    problems = []
    for number, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            stripped = line.lstrip()
            if stripped.startswith("<!--") and "-->" in stripped and stripped.split("-->", 1)[1].strip():
                problems.append(
                    f"cell {number}: a line starts with an HTML comment and goes on ({stripped[:40]!r}...): CommonMark "
                    "opens a raw HTML block there and shows the line as literal text; put the comment on a line of its own"
                )
    return problems


def _frame_problems(nb: Any, language: str = "en") -> list[str]:
    problems = _markdown_problems(nb)
    title, headings = FRAMES[language]
    markdown = [c.source for c in nb.cells if c.cell_type == "markdown"]
    if not nb.cells or nb.cells[0].cell_type != "markdown" or not title.match(nb.cells[0].source):
        problems.append(f"the first cell must be the title matching {title.pattern!r}")
    for heading in headings:
        if not any(line.strip() == heading for text in markdown for line in text.splitlines()):
            problems.append(f"missing the section heading {heading!r} (see NOTEBOOK_GUIDE.md)")
    code = [c for c in nb.cells if c.cell_type == "code"]
    if not code or COLAB_TAG not in tags(code[0]):
        problems.append(f"the first code cell must be the Colab set-up cell tagged {COLAB_TAG!r} (`make site` writes it)")
    if not any("parameters" in tags(c) for c in code):
        problems.append("no cell tagged 'parameters' (seed, sample sizes and other knobs for teachers)")
    solutions = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and SOLUTION_TAG in tags(c)]
    if len(solutions) < MIN_EXERCISES:
        problems.append(f"{len(solutions)} exercise solutions (cells tagged {SOLUTION_TAG!r}); at least {MIN_EXERCISES} needed")
    for index in solutions:
        following = [c for c in nb.cells[index + 1 :] if c.cell_type == "code"][:1]
        if not following or not CHECK_CALL.search(following[0].source):
            problems.append(f"cell {index + 1}: a solution must be followed by a cell calling check.<exercise>(...)")
    for position, cell in enumerate(code):
        if CHECK_CALL.search(cell.source) and (position == 0 or SOLUTION_TAG not in tags(code[position - 1])):
            number = nb.cells.index(cell) + 1
            problems.append(f"cell {number}: an exercise check must come right after its solution cell (tagged {SOLUTION_TAG!r})")
    for cell in code:
        if hides_answers(cell) and not cell.get("metadata", {}).get("jupyter", {}).get("source_hidden"):
            problems.append(f"cell {nb.cells.index(cell) + 1}: gives answers away but is not collapsed: run `make execute`")
    if not any("Quiz(" in c.source for c in code):
        problems.append("no quiz: the 'Check yourself' section needs a helpers.quiz.Quiz")
    return problems


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from courseenv import ROOT, notebooks_for_cli

    failed = 0
    for path in notebooks_for_cli(argv):
        problems = check_notebook(path)
        failed += bool(problems)
        for problem in problems:
            print(f"{path.relative_to(ROOT)}: {problem}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
