"""helpers.fit_checklist: the verdict, its explanation, and input validation."""

import pytest

from helpers.fit_checklist import FitVerdict, assess_ml_fit

FRAUD = dict(
    decisions_per_day=1_000_000, seconds_per_decision=0.2, pattern_stable=True,
    errors_tolerable=True, simple_rule_works=False, labelled_examples=500_000,
)


def test_many_fast_stable_tolerant_decisions_are_a_fit():
    verdict = assess_ml_fit(**FRAUD)
    assert isinstance(verdict, FitVerdict) and verdict.label == "fit"
    assert verdict.passed == 6 and "good fit" in verdict.headline


@pytest.mark.parametrize(
    ("change", "label", "failed"),
    [
        ({"errors_tolerable": False}, "no_fit", "Errors tolerable"),
        ({"simple_rule_works": True}, "no_fit", "No simple rule suffices"),
        ({"labelled_examples": 10}, "no_fit", "Training data"),
        ({"pattern_stable": False}, "maybe", "Stable pattern"),
        ({"decisions_per_day": 20, "seconds_per_decision": 86_400}, "maybe", "Volume"),
    ],
)
def test_each_failing_criterion_changes_the_verdict_and_is_named(change, label, failed):
    verdict = assess_ml_fit(**{**FRAUD, **change})
    assert verdict.label == label
    assert failed in [c.name for c in verdict.criteria if not c.passed]


def test_speed_alone_can_justify_a_model():
    verdict = assess_ml_fit(**{**FRAUD, "decisions_per_day": 50})
    assert verdict.label == "fit"
    assert [c.name for c in verdict.criteria if not c.passed] == ["Volume"]


def test_the_explanation_is_in_text_and_html():
    verdict = assess_ml_fit(**{**FRAUD, "errors_tolerable": False})
    text, markup = verdict.to_text(), verdict.to_html()
    assert text.startswith("ML is not a fit (yet) (5 of 6 criteria met)")
    assert "Errors tolerable [NO, rules ML out]: every model makes mistakes" in text and "Next step:" in text
    assert "⛔" in markup and "&" not in verdict.headline and "<li>" in markup


def test_yardsticks_can_be_changed():
    slow = {**FRAUD, "decisions_per_day": 500, "seconds_per_decision": 600}
    assert assess_ml_fit(**slow).label == "fit"  # 500 a day is more than one person's 200
    assert assess_ml_fit(**slow, human_decisions_per_day=1000).label == "maybe"


@pytest.mark.parametrize(
    ("change", "error", "match"),
    [
        ({"decisions_per_day": -1}, ValueError, "decisions_per_day"),
        ({"decisions_per_day": "many"}, TypeError, "decisions_per_day"),
        ({"seconds_per_decision": 0}, ValueError, "seconds_per_decision"),
        ({"pattern_stable": "yes"}, TypeError, "pattern_stable"),
        ({"errors_tolerable": 1}, TypeError, "errors_tolerable"),
        ({"labelled_examples": 2.5}, ValueError, "labelled_examples"),
        ({"human_decisions_per_day": 0}, ValueError, "human_decisions_per_day"),
        ({"min_examples": 0}, ValueError, "min_examples"),
    ],
)
def test_bad_inputs_are_named(change, error, match):
    with pytest.raises(error, match=match):
        assess_ml_fit(**{**FRAUD, **change})


def test_durations_are_written_in_words():
    verdict = assess_ml_fit(**{**FRAUD, "seconds_per_decision": 30 * 86_400})
    speed = next(c for c in verdict.criteria if c.name == "Speed")
    assert "within 30 days" in speed.explanation and "about 1 min" in speed.explanation
    fast = next(c for c in assess_ml_fit(**FRAUD).criteria if c.name == "Speed")
    assert "within 0.2 s" in fast.explanation


def test_every_text_a_learner_reads_goes_through_the_translation(monkeypatch):
    import helpers.fit_checklist as fit_checklist

    monkeypatch.setattr(fit_checklist, "_", lambda text: f"«{text}»")
    for change in ({}, {"errors_tolerable": False, "labelled_examples": 10, "decisions_per_day": 5}):
        verdict = assess_ml_fit(**{**FRAUD, **change})
        assert verdict.headline.startswith("«") and verdict.next_step.startswith("«")
        assert all(c.name.startswith("«") and c.explanation.startswith("«") for c in verdict.criteria)
        assert "«Next step:»" in verdict.to_text() and "criteria met»" in verdict.to_html()
