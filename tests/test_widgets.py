"""helpers.widgets: every course widget shows its live view or, where widgets cannot render, its text."""

import pytest

from helpers.labelling import Labeller
from helpers.pivot import PivotWidget
from helpers.quiz import Quiz
from helpers.widgets import TextFallback


def test_a_widget_without_a_text_description_says_so():
    class Bare(TextFallback):
        widget = None

    with pytest.raises(NotImplementedError, match="as_text"):
        repr(Bare())


@pytest.mark.parametrize("cls", [Quiz, Labeller, PivotWidget])
def test_course_widgets_use_the_shared_fallback(cls):
    assert issubclass(cls, TextFallback)
    assert "_repr_mimebundle_" not in vars(cls) and "__repr__" not in vars(cls)
