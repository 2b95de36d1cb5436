"""Build the student edition: every notebook with its exercise solutions taken out.

    python tools/student.py [--no-zip]     # `make student`

Writes student/ (ignored by git): the same layout as the course (index.ipynb, chapters/,
case_studies/), where each cell tagged `solution` becomes an empty cell with a prompt, the output
of the check right after it is cleared (it showed the solution passing), and everything else,
plots included, is kept. Then packs student/ml-at-work-student.zip: the student notebooks plus
what is needed to run them (helpers package, dependency files, Makefile, README), for a teacher to
hand out or put on a USB stick. Every notebook is covered automatically.
"""

from __future__ import annotations

import copy
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))

import courseenv  # noqa: E402
import hygiene  # noqa: E402

ROOT = courseenv.ROOT
OUT = ROOT / "student"
ZIP_NAME = "ml-at-work-student.zip"
PROMPT = "# Your turn: write your solution here (see the exercise above), then run the check below.\n"
PROMPTS = {"en": PROMPT, "ko": "# 직접 해 보세요: 위 연습 문제의 답을 여기에 작성한 뒤 아래 채점 셀을 실행하세요.\n"}
# What a learner needs beside the notebooks to run them with `make lab`.
SUPPORT = [
    "README.md", "README.ko.md", "Makefile", "pyproject.toml", "requirements.txt", "constraints.txt",
    "environment.yml", "course.toml", "tools/require_python.py", "src/helpers",
]


def student_notebook(nb: Any, language: str = "en") -> Any:
    """Return a copy of ``nb`` with solutions replaced by prompts and their checks' outputs cleared."""
    nb = copy.deepcopy(nb)
    cells = []
    clear_next_check = False
    for cell in nb.cells:
        if cell.cell_type == "code" and hygiene.SOLUTION_TAG in hygiene.tags(cell):
            prompt = nbformat.v4.new_code_cell(PROMPTS[language].rstrip("\n"))
            prompt.metadata["tags"] = ["exercise-prompt"]
            cells.append(prompt)
            clear_next_check = True
            continue
        if clear_next_check and cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
            clear_next_check = False
        cells.append(cell)
    nb.cells = cells
    nb.metadata.pop(hygiene.METADATA_KEY, None)
    nb.metadata["ml_at_work_edition"] = "student"
    return nb


def build(out: Path = OUT, *, make_zip: bool = True) -> list[Path]:
    """Write the student edition into ``out`` (replacing it whole) and return the notebooks written."""
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".student-", dir=out.parent))
    written = []
    try:
        for path in courseenv.notebooks():
            relative = path.relative_to(ROOT)
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(student_notebook(nbformat.read(path, as_version=4), courseenv.edition(path)), target)
            written.append(out / relative)
        for index in ("index.ipynb", f"{courseenv.KOREAN}/index.ipynb"):
            if (ROOT / index).exists():
                (staging / index).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(ROOT / index, staging / index)
        if make_zip:
            _zip(staging, staging / ZIP_NAME)
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)  # the finished edition appears at once, never half-written
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return written


def _zip(staging: Path, target: Path) -> None:
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(staging.rglob("*.ipynb")):
            archive.write(path, f"ml-at-work/{path.relative_to(staging).as_posix()}")
        for name in SUPPORT:
            source = ROOT / name
            files = sorted(p for p in source.rglob("*") if p.is_file()) if source.is_dir() else [source]
            for file in files:
                if "__pycache__" not in file.parts and ".egg-info" not in str(file):
                    archive.write(file, f"ml-at-work/{file.relative_to(ROOT).as_posix()}")


def main(argv: list[str]) -> int:
    written = build(make_zip="--no-zip" not in argv)
    print(f"student edition: {len(written)} notebooks in {OUT.relative_to(ROOT)}/")
    if "--no-zip" not in argv:
        print(f"hand-out archive: {(OUT / ZIP_NAME).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
