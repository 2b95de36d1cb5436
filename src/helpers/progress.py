"""A learner's progress: every exercise check records its verdict in a small local file.

Nothing leaves the machine: the record is a text file of one JSON line per checked answer
(exercise, right or not, time in UTC), kept in the user's data folder
(``~/.local/share/ml-at-work/progress.jsonl`` on Linux, the matching folder on macOS and Windows).
Set ``ML_AT_WORK_PROGRESS`` to another file to move it, or to ``off`` to record nothing (the
course's tests and re-execution do one or the other, so they never write into the work tree).

From the command line::

    python -m helpers.progress show                 # your progress per lesson
    python -m helpers.progress where                # where the record is kept
    python -m helpers.progress export --name Mina   # one file to hand in (progress-Mina.json)
    python -m helpers.progress summary a.json b.json [--csv room.csv]   # a teacher's table

In a notebook, ``progress.show()`` displays the table; the course index does this.

Example:
    >>> import os, tempfile
    >>> saved = os.environ.get(ENV, "off")
    >>> os.environ[ENV] = os.path.join(tempfile.mkdtemp(), "p.jsonl")
    >>> record("ch03_precision", correct=False); record("ch03_precision", correct=True)
    >>> [(r.exercise, r.correct) for r in records()]
    [('ch03_precision', False), ('ch03_precision', True)]
    >>> summary(records(), {"ch03": ["ch03_auc", "ch03_precision"]})["ch03"]
    {'done': 1, 'tried': 1, 'total': 2}
    >>> os.environ[ENV] = saved
"""

from __future__ import annotations

import argparse
import getpass
import html
import json
import os
import re
import sys
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from helpers.i18n import _

__all__ = ["ENV", "Record", "export", "location", "load_export", "record", "records", "room_table", "show", "summary"]

ENV = "ML_AT_WORK_PROGRESS"
APP = "ml-at-work"
FILE_NAME = "progress.jsonl"
EXPORT_FORMAT = "ml-at-work-progress/1"
_EXERCISE = re.compile(r"^(ch|cs)\d\d_[a-z0-9_]+$")


@dataclass(frozen=True)
class Record:
    """One checked answer: which exercise, whether it was right, and when (ISO 8601, UTC)."""

    exercise: str
    correct: bool
    time: str

    @property
    def lesson(self) -> str:
        """The lesson code, for example ``ch03`` or ``cs10``."""
        return self.exercise[:4]


def location() -> Path | None:
    """The record file, or None when recording is off (``ML_AT_WORK_PROGRESS=off``)."""
    setting = os.environ.get(ENV, "").strip()
    if setting.lower() in {"off", "0", "false", "no", "none"}:
        return None
    if setting:
        return Path(setting).expanduser()
    return _data_dir() / FILE_NAME


def _data_dir() -> Path:
    try:
        from platformdirs import user_data_dir
    except ImportError:  # pragma: no cover - platformdirs comes with Jupyter
        return Path.home() / ".local" / "share" / APP
    return Path(user_data_dir(APP, appauthor=False))


def record(exercise: str, correct: bool, *, when: datetime | None = None) -> None:
    """Append one verdict to the record. Never raises: a check must work even where it cannot write.

    Example:
        >>> saved = os.environ.get(ENV, "off")
        >>> os.environ[ENV] = "off"
        >>> record("ch03_precision", correct=True)  # recording is off: nothing happens
        >>> os.environ[ENV] = saved
    """
    path = location()
    if path is None or not isinstance(exercise, str) or not _EXERCISE.match(exercise):
        return
    stamp = (when or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    line = json.dumps({"exercise": exercise, "correct": bool(correct), "time": stamp}) + "\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # One short write in append mode: concurrent kernels never interleave inside a line.
        with path.open("a", encoding="utf-8") as handle:
            handle.write(line)
    except OSError:
        return


def records(path: Path | str | None = None) -> list[Record]:
    """Every verdict in the record (or in ``path``), oldest first; unreadable lines are skipped."""
    path = location() if path is None else Path(path)
    if path is None or not path.exists():
        return []
    found = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        parsed = _parse(line)
        if parsed is not None:
            found.append(parsed)
    return found


def _parse(line: str | Mapping[str, Any]) -> Record | None:
    try:
        item = json.loads(line) if isinstance(line, str) else line
        exercise, correct, time = item["exercise"], item["correct"], item["time"]
    except (ValueError, TypeError, KeyError):
        return None  # a line cut short by a crash, or hand-edited: skip it, keep the rest
    if not (isinstance(exercise, str) and _EXERCISE.match(exercise) and isinstance(correct, bool) and isinstance(time, str)):
        return None
    return Record(exercise, correct, time)


def _course_exercises() -> dict[str, list[str]]:
    """lesson code -> its exercise names, from the checks the course registers."""
    from helpers import check

    lessons: dict[str, list[str]] = {}
    for name in check.exercises():
        if name[:4] in _lesson_modules():
            lessons.setdefault(name[:4], []).append(name)
    return lessons


def _lesson_modules() -> set[str]:
    from helpers import exercises

    return set(exercises.MODULES)


def summary(
    found: Iterable[Record], exercises: Mapping[str, Sequence[str]] | None = None
) -> dict[str, dict[str, int]]:
    """Per lesson: exercises ``done`` (right at least once), ``tried`` (checked at all) and ``total``.

    ``exercises`` maps a lesson code to its exercise names (default: the course's). Records of
    exercises that are not in it (renamed or removed since) are left out.
    """
    exercises = _course_exercises() if exercises is None else exercises
    known = {name: lesson for lesson, names in exercises.items() for name in names}
    done: dict[str, set[str]] = {lesson: set() for lesson in exercises}
    tried: dict[str, set[str]] = {lesson: set() for lesson in exercises}
    for item in found:
        lesson = known.get(item.exercise)
        if lesson is None:
            continue
        tried[lesson].add(item.exercise)
        if item.correct:
            done[lesson].add(item.exercise)
    return {
        lesson: {"done": len(done[lesson]), "tried": len(tried[lesson]), "total": len(names)}
        for lesson, names in exercises.items()
    }


class ProgressTable:
    """A learner's progress per lesson, shown as an HTML table in JupyterLab and as text elsewhere."""

    def __init__(self, rows: dict[str, dict[str, int]], titles: Mapping[str, str], where: Path | None) -> None:
        self.rows = rows
        self.titles = dict(titles)
        self.where = where

    def _lines(self) -> list[tuple[str, str, str]]:
        return [
            (lesson[2:], self.titles.get(lesson, lesson), _("{done} of {total} done").format(**row)
             + (_(" ({open} tried, not yet right)").format(open=row["tried"] - row["done"]) if row["tried"] > row["done"] else ""))
            for lesson, row in sorted(self.rows.items(), key=lambda kv: kv[0][2:])
        ]

    def _footer(self) -> str:
        done = sum(r["done"] for r in self.rows.values())
        total = sum(r["total"] for r in self.rows.values())
        if self.where is None:
            return _("Progress recording is off (ML_AT_WORK_PROGRESS=off).")
        return _("{done} of {total} exercises done in all. Your record stays on this computer.").format(done=done, total=total)

    def __repr__(self) -> str:
        lines = [f"{number}  {title}: {status}" for number, title, status in self._lines()]
        return "\n".join([*lines, self._footer()])

    def _repr_html_(self) -> str:
        lesson, exercises = html.escape(_("Lesson")), html.escape(_("Exercises"))
        head = (f"<tr><th>#</th><th style='text-align:left'>{lesson}</th>"
                f"<th style='text-align:left'>{exercises}</th></tr>")
        body = "".join(
            f"<tr><td>{n}</td><td style='text-align:left'>{html.escape(t)}</td><td style='text-align:left'>{html.escape(s)}</td></tr>"
            for n, t, s in self._lines()
        )
        return f"<table class='ml-at-work-progress'>{head}{body}</table><p>{html.escape(self._footer())}</p>"


def show(titles: Mapping[str, str] | None = None) -> ProgressTable:
    """Your progress per lesson, from the record (``titles``: lesson code -> title, for display)."""
    return ProgressTable(summary(records()), titles or {}, location())


def export(name: str, out: Path | str | None = None, *, source: Path | str | None = None) -> Path:
    """Write one file a learner can hand in: their name, the time, and every recorded verdict.

    The file is written whole or not at all. Returns its path (default ``progress-<name>.json``).
    """
    if not isinstance(name, str) or not name.strip():
        raise ValueError("give the name the teacher should see, for example --name 'Mina Kim'")
    name = name.strip()
    safe = re.sub(r"[^\w.-]+", "_", name).strip("._") or "learner"
    target = Path(out) if out is not None else Path.cwd() / f"progress-{safe}.json"
    found = records(source)
    document = {
        "format": EXPORT_FORMAT,
        "learner": name,
        "exported": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "records": [asdict(r) for r in found],
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(document, handle, ensure_ascii=False, indent=1)
            handle.write("\n")
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target


def load_export(path: Path | str) -> tuple[str, list[Record]]:
    """(learner, records) from an exported file, or a ValueError that names the file and the problem."""
    path = Path(path)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError(f"{path}: no such file; ask the learner for the file `python -m helpers.progress export` wrote") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ValueError(f"{path}: not a progress export ({exc}); export it again with `python -m helpers.progress export`") from None
    if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
        raise ValueError(f"{path}: not a progress export (format should be {EXPORT_FORMAT!r}); export it again")
    learner = document.get("learner")
    items = document.get("records")
    if not isinstance(learner, str) or not learner.strip() or not isinstance(items, list):
        raise ValueError(f"{path}: the export has no learner name or no records; export it again")
    return learner, [r for r in (_parse(item) for item in items) if r is not None]


def room_table(files: Sequence[Path | str]) -> Any:
    """A teacher's table: one row per learner, one column per lesson, cells 'done/total'.

    Two files of the same learner are merged (a learner who worked on two machines).
    """
    import pandas as pd

    if not files:
        raise ValueError("give at least one exported progress file")
    exercises = _course_exercises()
    by_learner: dict[str, list[Record]] = {}
    for file in files:
        learner, found = load_export(file)
        by_learner.setdefault(learner, []).extend(found)
    rows = {}
    for learner, found in sorted(by_learner.items()):
        counts = summary(found, exercises)
        rows[learner] = {lesson: f"{c['done']}/{c['total']}" for lesson, c in sorted(counts.items(), key=lambda kv: kv[0][2:])}
        rows[learner]["all"] = f"{sum(c['done'] for c in counts.values())}/{sum(c['total'] for c in counts.values())}"
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "learner"
    return table


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.progress", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("show", help="your progress per lesson")
    commands.add_parser("where", help="where the record is kept")
    exporting = commands.add_parser("export", help="write one file to hand in")
    exporting.add_argument("--name", default=os.environ.get("ML_AT_WORK_LEARNER") or _user(), help="the name your teacher sees")
    exporting.add_argument("--out", help="the file to write (default: progress-<name>.json here)")
    room = commands.add_parser("summary", help="a teacher's table from learners' exported files")
    room.add_argument("files", nargs="+")
    room.add_argument("--csv", help="also write the table to this CSV file")
    args = parser.parse_args(argv)

    if args.command == "where":
        print(location() or _("recording is off (ML_AT_WORK_PROGRESS=off)"))
    elif args.command == "show":
        print(repr(show()))
    elif args.command == "export":
        try:
            path = export(args.name, args.out)
        except ValueError as exc:
            parser.error(str(exc))
        count = len(records())
        print(_("wrote {path} ({count} checked answers); hand this file to your teacher").format(path=path, count=count))
    else:
        try:
            table = room_table(args.files)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        print(table.to_string())
        if args.csv:
            table.to_csv(args.csv)
    return 0


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some containers
        return ""


if __name__ == "__main__":
    sys.exit(main())
