"""Helpers for *ML at Work, the interactive course*.

Importing this package is cheap and has no side effects: each submodule is imported on its own
(`from helpers import check, quiz`), and heavy or optional libraries are imported inside the
functions that need them.
"""

__all__ = ["check", "data", "plotting", "quiz"]
__version__ = "0.1.0"
