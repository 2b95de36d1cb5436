"""Plot style and small plotting utilities shared by every notebook.

Example:
    >>> from helpers.plotting import use_course_style, PALETTE
    >>> use_course_style()
    >>> len(PALETTE)
    8
"""

from __future__ import annotations

import io
from typing import Any

# Okabe & Ito's colour-blind safe palette (black last, it is used for references and baselines).
PALETTE: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)

_STYLE: dict[str, Any] = {
    "figure.figsize": (6.4, 4.0),
    "figure.dpi": 72,  # keeps committed notebooks small; zoom in JupyterLab if needed
    "savefig.dpi": 72,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": "medium",
    "axes.titleweight": "bold",
    "legend.frameon": False,
    "font.size": 10,
}


def use_course_style(dpi: int = 72) -> None:
    """Apply the course's matplotlib style: colour-blind safe colours, light grid, modest dpi.

    Example:
        >>> use_course_style(dpi=100)
    """
    if isinstance(dpi, bool) or not isinstance(dpi, int) or not 30 <= dpi <= 300:
        raise ValueError(f"dpi must be an integer between 30 and 300, got {dpi!r}")
    import matplotlib as mpl
    from cycler import cycler

    mpl.rcParams.update(_STYLE)
    mpl.rcParams.update({"figure.dpi": dpi, "savefig.dpi": dpi, "axes.prop_cycle": cycler(color=PALETTE)})


def figure_to_png(fig: Any, *, close: bool = True) -> bytes:
    """Render a matplotlib figure to PNG bytes (for an ``ipywidgets.Image`` that a widget updates).

    Updating an Image widget's value, instead of printing into an Output widget, keeps widget
    callbacks free of cell output, so notebooks stay deterministic under nbval.

    Example:
        >>> import matplotlib.pyplot as plt
        >>> png = figure_to_png(plt.figure())
        >>> png[:4]
        b'\\x89PNG'
    """
    from matplotlib.figure import Figure

    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, not {type(fig).__name__}")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    if close:
        import matplotlib.pyplot as plt

        plt.close(fig)
    return buffer.getvalue()
