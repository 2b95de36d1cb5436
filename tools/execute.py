"""Re-execute notebooks top to bottom in a fresh kernel and save their outputs in place.

    python tools/execute.py [NOTEBOOK_OR_FOLDER ...]   # `make execute [NB=...]`

This is the only way outputs get committed. Each notebook runs in a new kernel of this
environment, with the same variables as the tests (tools/courseenv.py) and its own folder as the
working directory. Metadata is normalised (no timings, no machine-specific versions) and a digest
of the code is recorded, which tools/hygiene.py checks. A notebook that fails is left untouched.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

sys.path.insert(0, str(Path(__file__).resolve().parent))

import courseenv  # noqa: E402
import hygiene  # noqa: E402

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
LANGUAGE_INFO = {
    "codemirror_mode": {"name": "ipython", "version": 3},
    "file_extension": ".py",
    "mimetype": "text/x-python",
    "name": "python",
    "nbconvert_exporter": "python",
    "pygments_lexer": "ipython3",
}
CELL_TIMEOUT_S = 300


def normalise(nb: Any) -> None:
    """Drop run-specific metadata and record what was executed."""
    nb.metadata.pop("widgets", None)
    nb.metadata.pop("papermill", None)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = dict(LANGUAGE_INFO)
    nb.metadata[hygiene.METADATA_KEY] = {"source_sha256": hygiene.source_digest(nb)}
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("papermill", None)
        if cell.cell_type == "code" and hygiene.hides_answers(cell):
            cell.metadata.setdefault("jupyter", {})["source_hidden"] = True  # collapsed in JupyterLab


def execute(path: Path) -> None:
    """Run one notebook and write it back atomically; raise CellExecutionError on failure."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout=CELL_TIMEOUT_S,
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
    )
    client.execute()
    normalise(nb)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".ipynb.tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            nbformat.write(nb, handle)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def main(argv: list[str]) -> int:
    courseenv.apply()
    failures = 0
    for path in courseenv.notebooks_for_cli(argv):
        name = path.relative_to(courseenv.ROOT)
        start = time.perf_counter()
        try:
            execute(path)
        except CellExecutionError as exc:
            failures += 1
            print(f"FAILED {name} (left unchanged):\n{exc}", file=sys.stderr)
            continue
        problems = hygiene.check_notebook(path)
        status = "ok" if not problems else "executed, but hygiene found: " + "; ".join(problems)
        print(f"{name}: {status} ({time.perf_counter() - start:.1f} s)")
        failures += bool(problems)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
