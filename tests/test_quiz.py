"""helpers.quiz: validation, feedback per option, score, and the static text rendering."""

import pytest

from helpers.quiz import Question, Quiz

QUESTIONS = [
    Question("Which metric ignores true negatives?", ["Accuracy", "Precision"], 1, ["TN counts.", "Right: TP/(TP+FP)."]),
    {"prompt": "AUC of a random score?", "options": ["0.5", "1.0", "0.0"], "answer": 0,
     "explanations": ["Yes.", "That is a perfect ranking.", "That is a perfectly inverted ranking."]},
]


def test_answer_gives_feedback_for_the_chosen_option_and_updates_the_score():
    quiz = Quiz(QUESTIONS)
    assert quiz.score == (0, 0, 2)
    assert quiz.answer(0, "Accuracy") == "❌ Not quite. TN counts."
    assert quiz.score == (0, 1, 2)
    assert quiz.answer(0, 1) == "✅ Right. Right: TP/(TP+FP)."
    assert quiz.answer(1, 1) == "❌ Not quite. That is a perfect ranking."
    assert quiz.score == (1, 2, 2)
    assert "Score: 1 of 2 right (2 answered)" in quiz._score.value
    quiz.reset()
    assert quiz.score == (0, 0, 2) and quiz.feedback(0) == ""


def test_clicking_in_the_widget_is_the_same_as_answering():
    quiz = Quiz(QUESTIONS)
    quiz._choices[1].value = "0.5"  # what a click on the radio button does
    assert quiz.feedback(1) == "✅ Right. Yes."


def test_static_rendering_lists_questions_and_keeps_the_widget_view():
    quiz = Quiz(QUESTIONS, title="Check yourself")
    bundle = quiz._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/plain"].splitlines()[:3] == [
        "Check yourself (2 questions; run the notebook to get feedback)",
        "1. Which metric ignores true negatives?",
        "   a) Accuracy",
    ]


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"prompt": "", "options": ["a", "b"], "answer": 0, "explanations": ["", ""]}, ValueError, "prompt"),
        ({"prompt": "q", "options": "ab", "answer": 0, "explanations": ["", ""]}, TypeError, "options"),
        ({"prompt": "q", "options": ["a"], "answer": 0, "explanations": [""]}, ValueError, "at least two"),
        ({"prompt": "q", "options": ["a", "a"], "answer": 0, "explanations": ["", ""]}, ValueError, "distinct"),
        ({"prompt": "q", "options": ["a", "b"], "answer": 2, "explanations": ["", ""]}, ValueError, "between 0 and 1"),
        ({"prompt": "q", "options": ["a", "b"], "answer": "a", "explanations": ["", ""]}, TypeError, "index"),
        ({"prompt": "q", "options": ["a", "b"], "answer": 0, "explanations": ["x"]}, ValueError, "one explanation per option"),
    ],
)
def test_question_validation(kwargs, error, match):
    with pytest.raises(error, match=match):
        Question(**kwargs)


def test_quiz_and_answer_validation():
    with pytest.raises(ValueError, match="non-empty list"):
        Quiz([])
    with pytest.raises(ValueError, match="missing"):
        Quiz([{"prompt": "q"}])
    quiz = Quiz(QUESTIONS)
    with pytest.raises(ValueError, match="between 0 and 1"):
        quiz.answer(5, 0)
    with pytest.raises(ValueError, match="not an option"):
        quiz.answer(0, "Recall")
    with pytest.raises(ValueError, match="between 0 and 1"):
        quiz.answer(0, 7)
    with pytest.raises(TypeError):
        quiz.answer(0, 1.5)
