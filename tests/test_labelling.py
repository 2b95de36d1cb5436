"""helpers.labelling: the labelling widget, driven headlessly by clicks and by its API."""

import pandas as pd
import pytest

from helpers.labelling import Labeller

ITEMS = ["Buy cheap pills at example.biz", "Restart the kernel, then run all", "lol", "FREE CRYPTO"]
CLASSES = ["spam", "ok"]


def click(labeller, name):
    """Press a button the way a browser would (ipywidgets' Button.click runs the handlers)."""
    labeller.buttons[name].click()


def test_clicks_label_skip_and_move_through_the_items():
    labeller = Labeller(ITEMS, CLASSES)
    assert labeller.current == ITEMS[0] and labeller.position == 0
    click(labeller, "spam")
    click(labeller, "ok")
    click(labeller, "Skip")
    assert labeller.position == 3 and labeller.current == ITEMS[3]
    assert labeller.counts == {"labelled": 2, "skipped": 1, "pending": 1}
    assert labeller._progress.value == 3 and labeller._progress.max == 4
    assert "2 labelled, 1 skipped, 1 to go" in labeller._status.value
    assert "Item 4 of 4" in labeller._header.value and "FREE CRYPTO" in labeller._item.value
    click(labeller, "spam")
    assert labeller.done and labeller.current is None
    assert all(b.disabled for b in labeller._class_buttons.values()) and labeller._skip_button.disabled
    assert not labeller._undo_button.disabled


def test_a_click_does_exactly_what_the_api_does():
    clicked, coded = Labeller(ITEMS, CLASSES), Labeller(ITEMS, CLASSES)
    for name in ["spam", "Skip", "ok", "Undo", "ok", "spam"]:
        click(clicked, name)
    coded.label("spam")
    coded.skip()
    coded.label("ok")
    coded.undo()
    coded.label("ok")
    coded.label("spam")
    pd.testing.assert_frame_equal(clicked.to_frame(), coded.to_frame())
    assert clicked.as_text() == coded.as_text()


def test_undo_goes_back_one_step_and_reset_starts_over():
    labeller = Labeller(ITEMS, CLASSES)
    labeller.label("spam")
    labeller.skip()
    labeller.undo()
    assert labeller.position == 1 and labeller.current == ITEMS[1]
    assert labeller.to_frame()["status"].tolist() == ["labelled", "pending", "pending", "pending"]
    labeller.undo()
    assert labeller.position == 0 and labeller._undo_button.disabled
    labeller.label("ok")
    labeller.reset()
    assert labeller.position == 0 and labeller.counts["pending"] == 4


def test_export_has_one_row_per_item_with_label_status_and_annotator():
    labeller = Labeller(ITEMS, CLASSES, ids=["a", "b", "c", "d"], annotator="colleague")
    labeller.label("spam")
    labeller.skip()
    labeller.label("ok")
    frame = labeller.to_frame()
    assert list(frame.columns) == ["item_id", "text", "label", "status", "annotator"]
    assert frame["item_id"].tolist() == ["a", "b", "c", "d"]
    assert frame["text"].tolist() == ITEMS
    assert frame["label"].tolist() == ["spam", None, "ok", None]
    assert frame["status"].tolist() == ["labelled", "skipped", "labelled", "pending"]
    assert set(frame["annotator"]) == {"colleague"}
    # exporting does not change the session
    assert labeller.to_frame().equals(frame) and labeller.position == 3


def test_unknown_class_is_a_clear_value_error():
    labeller = Labeller(ITEMS, CLASSES)
    with pytest.raises(ValueError, match=r"'spma' is not one of the classes \['spam', 'ok'\]"):
        labeller.label("spma")
    with pytest.raises(ValueError, match="not one of the classes"):
        labeller.label(1)
    assert labeller.position == 0  # nothing happened


def test_labelling_after_the_end_and_undo_at_the_start_are_value_errors():
    labeller = Labeller(ITEMS[:1], CLASSES)
    with pytest.raises(ValueError, match="nothing to undo"):
        labeller.undo()
    labeller.label("ok")
    with pytest.raises(ValueError, match="cannot label: all 1 items are done"):
        labeller.label("ok")
    with pytest.raises(ValueError, match="cannot skip"):
        labeller.skip()
    assert labeller.to_frame()["label"].tolist() == ["ok"]


def test_impossible_clicks_show_a_message_instead_of_raising():
    labeller = Labeller(ITEMS[:1], CLASSES)
    click(labeller, "Undo")  # disabled, but a programmatic click still runs the handler
    assert "nothing to undo" in labeller._message.value
    click(labeller, "ok")
    click(labeller, "spam")
    assert "all 1 items are done" in labeller._message.value
    assert labeller.to_frame()["label"].tolist() == ["ok"]


def test_buttons_are_named_by_class_then_skip_and_undo():
    labeller = Labeller(ITEMS, CLASSES)
    assert list(labeller.buttons) == ["spam", "ok", "Skip", "Undo"]
    assert [b.description for b in labeller.buttons.values()] == ["spam", "ok", "Skip", "Undo"]


def test_static_rendering_and_widget_bundle():
    labeller = Labeller(ITEMS, CLASSES, guideline="Spam is unsolicited advertising.")
    bundle = labeller._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/plain"].splitlines() == [
        "Labeller (you): 4 items, classes spam / ok",
        "Item 1 of 4: Buy cheap pills at example.biz",
        "[spam] [ok] [Skip] [Undo]   0 labelled, 0 skipped, 4 to go",
    ]
    assert any("Guideline" in getattr(child, "value", "") for child in labeller.widget.children)
    for name in CLASSES:
        labeller.label(name)
    labeller.skip()
    labeller.skip()
    assert "All items done." in repr(labeller)


def test_item_text_is_escaped_in_the_widget():
    labeller = Labeller(["<script>alert(1)</script>"], CLASSES)
    assert "<script>" not in labeller._item.value and "&lt;script&gt;" in labeller._item.value


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"items": [], "classes": CLASSES}, ValueError, "at least one item"),
        ({"items": "abc", "classes": CLASSES}, TypeError, "not a single string"),
        ({"items": 5, "classes": CLASSES}, TypeError, "iterable"),
        ({"items": ITEMS, "classes": "spam"}, TypeError, "classes must be a list"),
        ({"items": ITEMS, "classes": ["spam"]}, ValueError, "at least two"),
        ({"items": ITEMS, "classes": ["spam", ""]}, ValueError, "non-empty"),
        ({"items": ITEMS, "classes": ["spam", "spam"]}, ValueError, "distinct"),
        ({"items": ITEMS, "classes": CLASSES, "ids": [1, 2]}, ValueError, "one entry per item"),
        ({"items": ITEMS, "classes": CLASSES, "ids": [1, 1, 2, 3]}, ValueError, "unique"),
        ({"items": ITEMS, "classes": CLASSES, "ids": "abcd"}, TypeError, "ids"),
        ({"items": ITEMS, "classes": CLASSES, "annotator": ""}, ValueError, "annotator"),
        ({"items": ITEMS, "classes": CLASSES, "guideline": 3}, TypeError, "guideline"),
    ],
)
def test_constructor_validation(kwargs, error, match):
    with pytest.raises(error, match=match):
        Labeller(**kwargs)


def test_items_can_be_any_iterable():
    labeller = Labeller(pd.Series(["x", "y"]), CLASSES)
    assert labeller.items == ("x", "y")
