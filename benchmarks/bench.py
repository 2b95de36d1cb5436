"""Benchmark the notebooks: wall time, slowest cell and the kernel's peak memory.

    python benchmarks/bench.py [NOTEBOOK_OR_FOLDER ...]    # `make bench [NB=...]`

Without arguments it also runs every other script in benchmarks/ (algorithm benchmarks that a
lesson's issue asks for) and records their reports. Each notebook runs in a fresh kernel with the
test environment (tools/courseenv.py), from a
temporary copy so nothing next to the notebooks changes. Peak memory is the largest resident set
of the kernel process and its children, sampled every 20 ms. Results are merged into
benchmarks/results.json and rendered as benchmarks/results.md; the command exits 1 if a notebook
breaks a budget. These are benchmarks, not tests: run them on a quiet machine.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

import nbformat
import psutil
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import courseenv  # noqa: E402

BUDGET_TOTAL_S = 60.0
BUDGET_CELL_S = 15.0
BUDGET_MEMORY_MB = 1024.0
RESULTS_JSON = ROOT / "benchmarks" / "results.json"
RESULTS_MD = ROOT / "benchmarks" / "results.md"


class PeakMemory:
    """Samples the resident memory of a process tree in a background thread."""

    def __init__(self, pid: int, interval_s: float = 0.02) -> None:
        self.process = psutil.Process(pid)
        self.interval_s = interval_s
        self.peak_bytes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> int:
        total = 0
        for proc in [self.process, *self.process.children(recursive=True)]:
            try:
                total += proc.memory_info().rss
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                pass
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.peak_bytes = max(self.peak_bytes, self._sample())
            except psutil.NoSuchProcess:
                return
            self._stop.wait(self.interval_s)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def bench(path: Path) -> dict[str, Any]:
    """Execute one notebook and measure it."""
    nb = nbformat.read(path, as_version=4)
    cell_times: list[tuple[int, float]] = []
    started: dict[int, float] = {}
    monitor: list[PeakMemory] = []

    def on_start(**_: Any) -> None:
        monitor.append(PeakMemory(client.km.provisioner.process.pid).__enter__())

    def on_cell_execute(cell: Any, cell_index: int, **_: Any) -> None:
        started[cell_index] = time.perf_counter()

    def on_cell_executed(cell: Any, cell_index: int, **_: Any) -> None:
        cell_times.append((cell_index, time.perf_counter() - started[cell_index]))

    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        workdir = Path(tmp) / path.parent.name
        workdir.mkdir()
        for sibling in path.parent.iterdir():  # data or modules a notebook may read next to it
            if sibling.is_file() and sibling.suffix != ".ipynb":
                shutil.copy2(sibling, workdir)
        client = NotebookClient(
            nb,
            kernel_name="python3",
            timeout=600,
            resources={"metadata": {"path": str(workdir)}},
            on_notebook_start=on_start,
            on_cell_execute=on_cell_execute,
            on_cell_executed=on_cell_executed,
        )
        begin = time.perf_counter()
        try:
            client.execute()
        finally:
            for m in monitor:
                m.__exit__()
        wall = time.perf_counter() - begin
    slowest_index, slowest = max(cell_times, key=lambda item: item[1], default=(-1, 0.0))
    peak_mb = monitor[0].peak_bytes / 2**20 if monitor else float("nan")
    return {
        "notebook": path.relative_to(ROOT).as_posix(),
        "wall_s": round(wall, 1),
        "slowest_cell_s": round(slowest, 1),
        "slowest_cell": slowest_index + 1,
        "peak_memory_mb": round(peak_mb),
        "within_budget": wall <= BUDGET_TOTAL_S and slowest <= BUDGET_CELL_S and peak_mb <= BUDGET_MEMORY_MB,
    }


def course_order(notebook: str) -> str:
    """Sort key: the book's chapter order (01 ... 12), whichever folder a lesson is in."""
    return Path(notebook).name


def run_scripts() -> dict[str, Any]:
    """Run every other script in benchmarks/ (algorithm benchmarks of single lessons) and keep its report."""
    import subprocess

    reports = {}
    for script in sorted((ROOT / "benchmarks").glob("*.py")):
        if script.name == Path(__file__).name:
            continue
        print(f"running {script.relative_to(ROOT)} ...")
        done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=ROOT)
        reports[script.name] = {"exit_code": done.returncode, "output": done.stdout.strip()[-6000:]}
        if done.returncode != 0:
            print(done.stdout[-2000:], done.stderr[-2000:], sep="\n", file=sys.stderr)
    return reports


def render(results: dict[str, Any]) -> str:
    lines = [
        "# Notebook benchmark",
        "",
        f"Measured by `make bench` on {results['machine']} ({results['date']}). Budgets per notebook: "
        f"{BUDGET_TOTAL_S:.0f} s in all (aim for 20 s), no cell over {BUDGET_CELL_S:.0f} s, "
        f"kernel peak memory under {BUDGET_MEMORY_MB:.0f} MB. Wall time includes kernel start.",
        "",
        "| notebook | wall time (s) | slowest cell (s) | slowest cell # | peak memory (MB) | within budget |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for row in sorted(results["notebooks"].values(), key=lambda r: course_order(r["notebook"])):
        lines.append(
            f"| {row['notebook']} | {row['wall_s']} | {row['slowest_cell_s']} | {row['slowest_cell']} "
            f"| {row['peak_memory_mb']} | {'yes' if row['within_budget'] else '**no**'} |"
        )
    for name, report in results.get("scripts", {}).items():
        verdict = "passed its checks" if report["exit_code"] == 0 else f"**failed** (exit code {report['exit_code']})"
        lines += ["", f"## benchmarks/{name}", "", f"Run by `make bench`; {verdict}.", "", "```", report["output"], "```"]
    return "\n".join(lines) + "\n"


INSTRUCTORS = ROOT / "INSTRUCTORS.md"
TIMES_START = "<!-- bench-times:start (written by `make bench`) -->"
TIMES_END = "<!-- bench-times:end -->"


def teaching_minutes(path: Path) -> str:
    """The '**Time:** about N minutes' estimate from a notebook's 'Before you start' cell."""
    import re

    match = re.search(r"\*\*Time:\*\*\s*(?:about\s*)?(\d+)\s*min", path.read_text(encoding="utf-8"))
    return match.group(1) if match else "?"


def update_instructors(results: dict[str, Any]) -> None:
    """Refresh the timing table of INSTRUCTORS.md from the benchmark results."""
    if not INSTRUCTORS.exists():
        return
    text = INSTRUCTORS.read_text(encoding="utf-8")
    if TIMES_START not in text or TIMES_END not in text:
        return
    lines = [
        f"Measured by `make bench` on {results['machine']} ({results['date']}).",
        "",
        "| notebook | teaching time (min) | runs in (s) | peak memory (MB) |",
        "|---|---:|---:|---:|",
    ]
    for name, row in sorted(results["notebooks"].items(), key=lambda item: course_order(item[0])):
        lines.append(f"| {name} | {teaching_minutes(ROOT / name)} | {row['wall_s']} | {row['peak_memory_mb']} |")
    head, rest = text.split(TIMES_START, 1)
    tail = rest.split(TIMES_END, 1)[1]
    INSTRUCTORS.write_text(f"{head}{TIMES_START}\n" + "\n".join(lines) + f"\n{TIMES_END}{tail}", encoding="utf-8")


def main(argv: list[str]) -> int:
    courseenv.apply()
    # The Korean edition runs the same code (plus one line that sets the language): benchmark the English one.
    paths = courseenv.notebooks_for_cli(argv) if argv else courseenv.notebooks(editions=("en",))
    if not paths:
        print("no notebooks to benchmark")
        return 0
    previous = json.loads(RESULTS_JSON.read_text()) if RESULTS_JSON.exists() else {"notebooks": {}}
    existing = {p.relative_to(ROOT).as_posix() for p in courseenv.notebooks()}
    rows = {k: v for k, v in previous.get("notebooks", {}).items() if k in existing}
    for path in paths:
        row = bench(path)
        rows[row["notebook"]] = row
        print(f"{row['notebook']}: {row['wall_s']} s, slowest cell {row['slowest_cell_s']} s, {row['peak_memory_mb']} MB")
    scripts = run_scripts() if not argv else previous.get("scripts", {})
    results = {
        "machine": f"{os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB, "
        f"Python {platform.python_version()}",
        "date": date.today().isoformat(),
        "notebooks": dict(sorted(rows.items())),
        "scripts": scripts,
    }
    RESULTS_JSON.write_text(json.dumps(results, indent=2) + "\n")
    RESULTS_MD.write_text(render(results))
    update_instructors(results)
    print()
    print(render(results))
    over = [r["notebook"] for r in rows.values() if not r["within_budget"]]
    over += [f"benchmarks/{name}" for name, report in scripts.items() if report["exit_code"] != 0]
    if over:
        print("Over budget: " + ", ".join(over), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
