from __future__ import annotations

import re
from dataclasses import replace

from autograder.contracts.evidence import PARTS, Evidence, LayerRecord, Mistake, array_part
from autograder.contracts.output.folder import OutputFolder
from autograder.reports import feedback, pages, write_feedback
from tests.reports.made_results import HIDDEN_DETAIL, HIDDEN_MESSAGE, layers, result

LINKS = {"dashboard": "../index.html", "student_view": "../feedback/x.html", "log": "x.log"}


def render(view: str, **kwargs) -> str:
    context = feedback.feedback_context(result(**kwargs), result("reference"), view)
    return pages.render("feedback.html.j2", links=LINKS, **context)


def test_student_view_leaves_out_what_hidden_checks_are():
    context = feedback.feedback_context(result(passed=(True, True, False)), None, feedback.STUDENT)
    hidden = [c for q in context["questions"] for c in q.checks if c.hidden]
    assert [(c.name, c.message, c.detail, c.code) for c in hidden] == [("", "", "", "")]
    assert hidden[0].passed is False and hidden[0].max_points == 2.0
    html = render(feedback.STUDENT, passed=(True, True, False))
    for secret in ("accuracy_full", HIDDEN_MESSAGE, HIDDEN_DETAIL, "test_accuracy_full"):
        assert secret not in html
    assert "hidden check" in html


def test_ta_view_names_hidden_checks_with_their_code():
    html = render(feedback.TA, passed=(True, True, False))
    assert "accuracy_full" in html and HIDDEN_MESSAGE in html and HIDDEN_DETAIL in html
    assert "def test_accuracy_full(model, history):" in html  # from the bundle's test file
    assert "do not share it with students" in html


def test_scores_per_question_add_up():
    context = feedback.feedback_context(result(passed=(False, True, True)), None, feedback.STUDENT)
    scores = {q.name: (q.points, q.max_points) for q in context["questions"]}
    assert scores == {"preprocessing": (0.0, 1.0), "model": (2.0, 2.0), "evaluation": (2.0, 2.0)}


def test_differences_from_the_reference_are_highlighted():
    erin = layers((32, "relu"), (10, "softmax"))
    context = feedback.feedback_context(result(layer_rows=erin), result("ref"), feedback.STUDENT)
    differs = {row.label: row.differs for row in context["model_rows"]}
    assert differs == {"layer 1": False, "layer 2": True, "layer 3": True, "parameters": True}
    scaled = {row.label: row.differs for row in context["data_rows"]}
    assert scaled["X_train"] is False


def test_without_a_reference_the_lessons_spec_is_compared():
    erin = layers((32, "relu"), (10, "softmax"))
    context = feedback.feedback_context(result(layer_rows=erin), None, feedback.STUDENT)
    assert context["model_rows"][1].reference == "Dense(16, relu), 528 parameters"
    assert "not graded" in context["reference_status"]


def test_markup_in_an_answer_is_shown_as_text():
    answer = "<script>alert(1)</script><img src=http://198.51.100.7/x.png>"
    html = render(feedback.STUDENT, answer=answer)
    assert "<script>alert" not in html and "<img src=http" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_pages_allow_no_script_and_no_network():
    html = render(feedback.STUDENT)
    policy = re.search(r'Content-Security-Policy" content="([^"]+)"', html)[1]
    assert "default-src 'none'" in policy and "script-src 'none'" in policy
    assert "<script" not in html


def test_a_result_without_evidence_still_renders():
    bare = result()
    bare.evidence, bare.status, bare.checks = None, "timeout", []
    context = feedback.feedback_context(bare, None, feedback.STUDENT)
    html = pages.render("feedback.html.j2", links=LINKS, **context)
    assert "timeout" in html and "Your work beside the reference" not in html


def test_a_layer_of_a_kind_the_lesson_never_uses_is_shown_by_its_kind():
    made = result()
    assert made.evidence is not None
    mystery = (LayerRecord("Mystery", None, None, None, None), *(made.evidence.layers or ()))
    made.evidence = replace(made.evidence, layers=mystery)
    context = feedback.feedback_context(made, None, feedback.STUDENT)
    assert context["model_rows"][0].yours == "Mystery, ? parameters"
    assert "Mystery, ? parameters" in pages.render("feedback.html.j2", links=LINKS, **context)


def test_a_result_whose_evidence_is_odd_still_gets_both_pages(tmp_path):
    odd = result()
    assert odd.evidence is not None and odd.evidence.test is not None
    unheard_of = (Mistake(index=3, true=42, predicted=6, confidence=0.9),)  # no class 42
    odd.evidence = replace(odd.evidence, test=replace(odd.evidence.test, mistakes=unheard_of))
    out = OutputFolder(tmp_path)
    write_feedback(odd, None, out)
    for page_of in (out.feedback_page, out.ta_page):
        page = page_of(odd.submission).read_text()
        assert "could not be drawn" in page and "Scores by question" in page


def test_each_part_the_judge_could_not_read_says_why():
    reasons = {part: f"no {part} here" for part in PARTS}
    reasons[array_part("X_train")] = "a placeholder"
    unread = result()
    unread.evidence = Evidence(unavailable=reasons)
    context = feedback.feedback_context(unread, result("reference"), feedback.STUDENT)
    assert [(row.label, row.yours) for row in context["data_rows"]] == [
        ("X_train", "(unavailable)"), ("X_test", "(not graded)"), ("y_train", "(not graded)"),
        ("y_test", "(not graded)"),
    ]  # fmt: skip
    assert context["model_rows"][0].yours == "(unavailable: no layers here)"
    assert context["compile_rows"][0].yours == "(no compile here)"
    html = pages.render("feedback.html.j2", links=LINKS, **context)
    assert "No curves: no curves here" in html and "Not evaluated: no test here" in html


def _flagged():
    graded = result()
    graded.checks[2].review = "Training not verified: its training inputs match no image."
    graded.notebook = "notebooks/ana_mnist_dense.ipynb"
    return graded


def test_the_ta_view_shows_the_review_flag_and_links_the_executed_notebook(tmp_path):
    out = OutputFolder(tmp_path)
    out.log_file(_flagged().submission).parent.mkdir()
    out.log_file(_flagged().submission).write_text("the kernel's output")
    write_feedback(_flagged(), None, out)
    html = out.ta_page(_flagged().submission).read_text()
    assert "Look before releasing this grade." in html and "match no image" in html
    assert 'href="../notebooks/ana_mnist_dense.ipynb"' in html
    assert 'href="../index.html"' in html and 'href="../logs/' in html


def test_the_student_view_shows_neither(tmp_path):
    out = OutputFolder(tmp_path)
    write_feedback(_flagged(), None, out)
    html = out.feedback_page(_flagged().submission).read_text()
    assert "match no image" not in html and "notebooks/" not in html


def test_a_row_the_grader_failed_on_says_not_graded():
    failed = result()
    failed.status, failed.score, failed.checks = "grader_error", None, []
    failed.reason = "the grader's setup cell failed: DatasetError: ..."
    context = feedback.feedback_context(failed, None, feedback.STUDENT)
    html = pages.render("feedback.html.j2", links=LINKS, **context)
    assert "not graded" in html and "None" not in html


def test_a_file_never_run_links_no_log(tmp_path):
    out = OutputFolder(tmp_path)
    write_feedback(_flagged(), None, out)  # no log was written for it
    html = out.ta_page(_flagged().submission).read_text()
    assert 'href="../logs/' not in html and "no grading log" in html
