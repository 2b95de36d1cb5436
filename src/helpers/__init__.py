"""Helpers for *ML at Work, the interactive course*.

Importing this package is cheap and has no side effects: each submodule is imported on its own
(``from helpers import check, quiz``), and heavy or optional libraries are imported inside the
functions that need them. One module per concern:

- course frame: ``check`` (exercise self-checks), ``quiz`` (multiple-choice quizzes),
  ``plotting`` (style, figures for widgets), ``widgets`` (live view + text fallback), ``data`` (datasets);
- lessons: ``fit_checklist`` (01), ``boundaries`` (02), ``serving``, ``prediction_app`` (04, 06),
  ``labelling``, ``agreement`` (05), ``mlops``, ``drift`` (06), ``stats`` (07), ``pivot`` (09),
  ``uplift`` (10), ``bandits``, ``offpolicy`` (11), ``ads`` (12).
"""

__all__ = [
    "ads", "agreement", "bandits", "boundaries", "check", "data", "drift", "fit_checklist", "labelling",
    "mlops", "offpolicy", "pivot", "plotting", "prediction_app", "quiz", "serving", "stats", "uplift", "widgets",
]
__version__ = "0.1.0"
