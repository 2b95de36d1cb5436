"""helpers.progress: the learner's local record, the hand-in file and the teacher's room table."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime

import pytest

from helpers import progress

LESSONS = {"ch03": ["ch03_auc", "ch03_precision", "ch03_profit"], "cs10": ["cs10_auuc", "cs10_budget"]}


@pytest.fixture
def record_file(tmp_path, monkeypatch):
    path = tmp_path / "data" / "progress.jsonl"
    monkeypatch.setenv(progress.ENV, str(path))
    return path


def test_the_record_lives_in_the_user_data_folder_by_default(monkeypatch):
    monkeypatch.delenv(progress.ENV, raising=False)
    where = progress.location()
    assert where is not None and where.name == "progress.jsonl" and "ml-at-work" in str(where)


@pytest.mark.parametrize("setting", ["off", "OFF", "0", "none"])
def test_recording_can_be_switched_off(setting, monkeypatch, tmp_path):
    monkeypatch.setenv(progress.ENV, setting)
    monkeypatch.chdir(tmp_path)
    assert progress.location() is None
    progress.record("ch03_auc", correct=True)
    assert progress.records() == [] and list(tmp_path.iterdir()) == []


def test_record_appends_one_line_per_verdict_and_creates_the_folder(record_file):
    when = datetime(2026, 12, 4, 9, 30, tzinfo=UTC)
    progress.record("ch03_auc", correct=False, when=when)
    progress.record("ch03_auc", correct=True, when=when)
    lines = record_file.read_text().splitlines()
    assert [json.loads(line) for line in lines] == [
        {"exercise": "ch03_auc", "correct": False, "time": "2026-12-04T09:30:00Z"},
        {"exercise": "ch03_auc", "correct": True, "time": "2026-12-04T09:30:00Z"},
    ]


def test_names_that_are_not_exercises_are_not_recorded(record_file):
    progress.record("not an exercise", correct=True)
    progress.record("ch3_auc", correct=True)
    assert not record_file.exists()


def test_a_damaged_line_is_skipped_and_the_rest_kept(record_file):
    progress.record("ch03_auc", correct=True)
    with record_file.open("a") as handle:
        handle.write('{"exercise": "ch03_prec')  # a line cut short by a crash
        handle.write("\n[1, 2]\n")
    progress.record("ch03_precision", correct=True)
    assert [r.exercise for r in progress.records()] == ["ch03_auc", "ch03_precision"]


def test_summary_counts_done_tried_and_total_per_lesson(record_file):
    for name, correct in [("ch03_auc", False), ("ch03_auc", True), ("ch03_precision", False), ("cs10_auuc", True),
                          ("ch03_auc", False), ("ch04_gone", True)]:
        progress.record(name, correct=correct)
    counts = progress.summary(progress.records(), LESSONS)
    assert counts == {"ch03": {"done": 1, "tried": 2, "total": 3}, "cs10": {"done": 1, "tried": 1, "total": 2}}


def test_summary_defaults_to_the_course_exercises(record_file):
    counts = progress.summary([])
    assert {"ch01", "ch08", "cs09", "cs12"} <= set(counts)
    assert all(c["total"] >= 3 and c["done"] == 0 for c in counts.values())


def test_show_renders_text_and_html(record_file):
    progress.record("ch03_auc", correct=True)
    table = progress.show({"ch03": "Evaluating results"})
    text = repr(table)
    assert "03  Evaluating results: 1 of" in text and "exercises done in all" in text
    assert "<table" in table._repr_html_() and "Evaluating results" in table._repr_html_()


def test_show_says_when_recording_is_off(monkeypatch):
    monkeypatch.setenv(progress.ENV, "off")
    assert "recording is off" in repr(progress.show())


def test_export_writes_one_file_with_the_learners_name(record_file, tmp_path):
    progress.record("ch03_auc", correct=True)
    out = progress.export("Mina Kim", tmp_path / "out" / "mina.json")
    learner, found = progress.load_export(out)
    assert learner == "Mina Kim" and [r.exercise for r in found] == ["ch03_auc"]
    assert not [p for p in out.parent.iterdir() if p.name.endswith(".tmp")], "no half-written file left behind"


def test_export_default_name_is_safe_for_a_file_system(record_file, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert progress.export("Mina / Kim").name == "progress-Mina_Kim.json"


@pytest.mark.parametrize("name", ["", "   ", None])
def test_export_needs_a_name(name, record_file):
    with pytest.raises(ValueError, match="give the name"):
        progress.export(name)


def test_room_table_has_a_row_per_learner_and_merges_two_machines(record_file, tmp_path, monkeypatch):
    files = []
    for learner, exercises in [("Ana", ["ch03_precision"]), ("Bo", []), ("Ana", ["cs10_budget", "ch03_precision"])]:
        record_file.unlink(missing_ok=True)
        for name in exercises:
            progress.record(name, correct=True)
        files.append(progress.export(learner, tmp_path / f"{learner}-{len(files)}.json"))
    monkeypatch.setattr(progress, "_course_exercises", lambda: LESSONS)
    table = progress.room_table(files)
    assert list(table.index) == ["Ana", "Bo"]
    assert table.loc["Ana"].to_dict() == {"ch03": "1/3", "cs10": "1/2", "all": "2/5"}
    assert table.loc["Bo", "all"] == "0/5"


@pytest.mark.parametrize(
    ("content", "problem"),
    [("not json", "not a progress export"), ('{"format": "other"}', "format should be"),
     ('{"format": "ml-at-work-progress/1", "records": []}', "no learner name")],
)
def test_room_table_names_the_bad_file(content, problem, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    with pytest.raises(ValueError, match=problem) as error:
        progress.room_table([bad])
    assert "bad.json" in str(error.value)


def test_room_table_names_a_missing_file(tmp_path):
    with pytest.raises(ValueError, match="no such file"):
        progress.room_table([tmp_path / "missing.json"])


def _cli(*args, env_path, cwd):
    env = dict(os.environ, **{progress.ENV: str(env_path)})
    return subprocess.run([sys.executable, "-m", "helpers.progress", *args], capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=60)


def test_command_line_export_and_summary(tmp_path):
    record = tmp_path / "record.jsonl"
    record.write_text(json.dumps({"exercise": "ch03_precision", "correct": True, "time": "2026-12-04T09:00:00Z"}) + "\n")
    where = _cli("where", env_path=record, cwd=tmp_path)
    assert where.returncode == 0 and where.stdout.strip() == str(record)
    exported = _cli("export", "--name", "Ana", env_path=record, cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    assert (tmp_path / "progress-Ana.json").exists() and "1 checked answers" in exported.stdout
    room = _cli("summary", "progress-Ana.json", "--csv", "room.csv", env_path=record, cwd=tmp_path)
    assert room.returncode == 0, room.stderr
    assert "Ana" in room.stdout and "ch03" in room.stdout and (tmp_path / "room.csv").exists()
    shown = _cli("show", env_path=record, cwd=tmp_path)
    assert shown.returncode == 0 and "exercises done in all" in shown.stdout
    bad = _cli("summary", "missing.json", env_path=record, cwd=tmp_path)
    assert bad.returncode == 2 and "missing.json" in bad.stderr
