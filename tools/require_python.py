"""Fail early, with a clear message, when the Python running the setup is too old."""

import sys

MINIMUM = (3, 11)

if sys.version_info < MINIMUM:
    found = ".".join(map(str, sys.version_info[:3]))
    sys.exit(
        f"This course needs Python {MINIMUM[0]}.{MINIMUM[1]} or newer, but `{sys.executable}` is "
        f"Python {found}.\nInstall a newer Python (https://www.python.org/downloads/) and run "
        f"`make PYTHON=python3.11 lab` (or whichever newer version you installed)."
    )
