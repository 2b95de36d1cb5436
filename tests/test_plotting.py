"""helpers.plotting: the style applies and figures render to PNG bytes."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from helpers.plotting import PALETTE, figure_to_png, use_course_style  # noqa: E402


def test_style_sets_palette_and_dpi():
    use_course_style(dpi=90)
    assert matplotlib.rcParams["figure.dpi"] == 90
    assert matplotlib.rcParams["axes.prop_cycle"].by_key()["color"][0] == PALETTE[0]


def test_figure_to_png_returns_png_and_closes_the_figure():
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    png = figure_to_png(fig)
    assert png.startswith(b"\x89PNG") and not plt.fignum_exists(fig.number)


def test_bad_arguments():
    with pytest.raises(ValueError, match="dpi"):
        use_course_style(dpi=5)
    with pytest.raises(TypeError, match="matplotlib Figure"):
        figure_to_png("figure")
