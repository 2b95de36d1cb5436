"""Re-freeze constraints.txt from the current environment (`make lock`), after changing a pin in
requirements.txt and running `make venv`. The course package itself and pip are left out."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEADER = (
    "# Every package of the tested environment, locked (pip freeze of `make test`s venv).\n"
    "# Used as `pip install -r requirements.txt -c constraints.txt`; regenerate with `make lock`.\n"
)

frozen = subprocess.run(
    [sys.executable, "-m", "pip", "freeze", "--exclude-editable"], capture_output=True, text=True, check=True
).stdout.splitlines()
keep = sorted((line for line in frozen if "==" in line and not line.startswith(("pip==", "setuptools=="))), key=str.lower)
tmp = ROOT / ".constraints.txt.tmp"
tmp.write_text(HEADER + "\n".join(keep) + "\n", encoding="utf-8")
tmp.replace(ROOT / "constraints.txt")
print(f"constraints.txt: {len(keep)} packages locked")
