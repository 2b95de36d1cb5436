"""Link each glossary term where it first appears in a notebook's prose.

    python tools/glossary.py            # `make glossary`: add the missing links
    python tools/glossary.py --check    # list missing links, exit 1 if any (the tests run this)

Terms come from GLOSSARY.md (rows starting `| <a id="anchor"></a>**term**`). In every notebook,
the first mention of a term in a markdown cell (after the title, before Going further; not in headings, code, maths,
HTML or existing links; plural -s allowed) must be a link to its glossary entry. New notebooks
and new terms need no wiring. Only markdown changes, so no re-execution is needed.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))

import courseenv  # noqa: E402

GLOSSARY = courseenv.ROOT / "GLOSSARY.md"
ROW = re.compile(r'^\| <a id="([a-z0-9-]+)"></a>\*\*(.+?)\*\*')
# Spans where a term must not be linked: code, links, maths, HTML tags.
PROTECTED = re.compile(r"`[^`]*`|\[[^\]]*\]\([^)]*\)|\$[^$\n]*\$|<[^>]+>")


@dataclass(frozen=True)
class Term:
    anchor: str
    text: str

    @property
    def is_acronym(self) -> bool:
        """KPI, SHAP, MLOps: matched case-sensitively, plural only with -s ("shapes" is not SHAP)."""
        return " " not in self.text and sum(ch.isupper() for ch in self.text) >= 2

    @property
    def pattern(self) -> re.Pattern[str]:
        words = r"\s+".join(re.escape(w) for w in self.text.split())
        if self.is_acronym:
            return re.compile(rf"(?<![\w/-])({words}s?)(?![\w/-])")
        return re.compile(rf"(?<![\w/-])({words}(?:s|es)?)(?![\w/-])", re.IGNORECASE)


def load_terms(path: Path = GLOSSARY) -> list[Term]:
    terms = [Term(m.group(1), m.group(2)) for line in path.read_text(encoding="utf-8").splitlines() if (m := ROW.match(line))]
    if not terms:
        raise ValueError(f"{path}: no glossary rows found (expected lines like '| <a id=\"x\"></a>**term** | ...')")
    # Longer terms first, so "false positive rate" style phrases win over their parts.
    return sorted(terms, key=lambda t: -len(t.text))


def _link_target(notebook: Path, anchor: str) -> str:
    relative = os.path.relpath(GLOSSARY, notebook.parent).replace(os.sep, "/")
    return f"{relative}#{anchor}"


def _prose_segments(line: str) -> list[tuple[int, int]]:
    """(start, end) ranges of a line that are plain prose."""
    segments, position = [], 0
    for match in PROTECTED.finditer(line):
        segments.append((position, match.start()))
        position = match.end()
    segments.append((position, len(line)))
    return segments


def _find(term: Term, source: str, notebook: Path) -> tuple[str, int, int] | None:
    """First mention in ``source``: ('linked' | 'plain', start, end), or None."""
    in_fence = False
    offset = 0
    target = _link_target(notebook, term.anchor)
    for line in source.splitlines(keepends=True):
        stripped = line.strip()
        if stripped.startswith("```"):
            in_fence = not in_fence
        elif not in_fence and not stripped.startswith("#"):
            for link in re.finditer(r"\[([^\]]*)\]\(([^)]*)\)", line):
                if link.group(2) == target and term.pattern.fullmatch(link.group(1)):
                    first_plain = _first_plain(term, line, offset, limit=link.start())
                    return first_plain or ("linked", offset + link.start(), offset + link.end())
            plain = _first_plain(term, line, offset)
            if plain:
                return plain
        offset += len(line)
    return None


def _first_plain(term: Term, line: str, offset: int, limit: int | None = None) -> tuple[str, int, int] | None:
    for start, end in _prose_segments(line):
        end = min(end, limit) if limit is not None else end
        if start >= end:
            continue
        match = term.pattern.search(line, start, end)
        if match:
            return "plain", offset + match.start(1), offset + match.end(1)
    return None


def link_notebook(nb: Any, notebook: Path, terms: list[Term]) -> list[str]:
    """Add missing links in ``nb`` (in place); return the terms linked."""
    added = []
    for term in terms:
        for cell in nb.cells[1:]:
            if cell.cell_type != "markdown":
                continue
            if cell.source.lstrip().startswith("## Going further"):
                break  # references: paper titles are not first mentions
            found = _find(term, cell.source, notebook)
            if found is None:
                continue
            kind, start, end = found
            if kind == "plain":
                text = cell.source[start:end]
                cell.source = f"{cell.source[:start]}[{text}]({_link_target(notebook, term.anchor)}){cell.source[end:]}"
                added.append(term.text)
            break
    return added


def main(argv: list[str]) -> int:
    terms = load_terms()
    check_only = "--check" in argv
    missing = 0
    paths = [a for a in argv if a != "--check"]
    # The English edition only: the Korean notebooks take their links from the translated text.
    for path in courseenv.notebooks_for_cli(paths) if paths else courseenv.notebooks(editions=("en",)):
        nb = nbformat.read(path, as_version=4)
        added = link_notebook(nb, path, terms)
        if not added:
            continue
        name = path.relative_to(courseenv.ROOT)
        if check_only:
            missing += len(added)
            print(f"{name}: first mention not linked to the glossary: {', '.join(sorted(added))} (run `make glossary`)")
        else:
            tmp = path.with_name(f".{path.name}.tmp")
            nbformat.write(nb, tmp)
            tmp.replace(path)
            print(f"{name}: linked {len(added)} terms")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
