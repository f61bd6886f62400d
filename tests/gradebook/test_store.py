import pytest

from autograder.desk.gradebook import current
from autograder.desk.gradebook.store import Conflict, Gradebook, ScoreError
from tests.gradebook.conftest import result, write_results


@pytest.fixture
def gradebook(out):
    write_results(out, result("ann"), result("ben", score=9.0))
    with current(out) as book:
        yield book


def test_the_batch_results_come_in(gradebook):
    rows = {row.submission: row for row in gradebook.grades()}
    assert rows["ann_mnist_dense"].autograded == 13
    assert rows["ben_mnist_dense"].max_points == 17  # 13 autograded + 2 x 2 manual
    assert sum(g.to_grade for g in gradebook.grades()) == 4


def test_manual_points_are_saved_and_counted(gradebook, out):
    gradebook.save_manual(
        "mnist_dense", "ann_mnist_dense", "curves_reading", 1.5, "Half right.", "ta1", 0
    )
    with current(out) as again:
        (ann,) = [row for row in again.grades() if row.student == "ann"]
        assert (ann.manual, ann.points, ann.final) == (1.5, 14.5, 14.5)
        assert sum(g.to_grade for g in again.grades()) == 3


@pytest.mark.parametrize("points", [-1, 2.5, 0.3])
def test_points_out_of_range_or_off_their_steps_are_refused(gradebook, points):
    with pytest.raises(ScoreError):
        gradebook.save_manual(
            "mnist_dense", "ann_mnist_dense", "curves_reading", points, "", "ta1", 0
        )
    assert gradebook.manual("ann_mnist_dense", "curves_reading") is None


def test_a_second_ta_saving_blind_gets_a_conflict_not_an_overwrite(gradebook, out):
    gradebook.save_manual("mnist_dense", "ann_mnist_dense", "curves_reading", 2, "Good.", "ta1", 0)
    with Gradebook.of(out) as other, pytest.raises(Conflict) as raised:
        other.save_manual("mnist_dense", "ann_mnist_dense", "curves_reading", 0, "No.", "ta2", 0)
    assert (raised.value.current.grader, raised.value.current.points) == ("ta1", 2)
    saved = gradebook.save_manual(
        "mnist_dense", "ann_mnist_dense", "curves_reading", 1, "Ok.", "ta2", 1
    )
    assert (saved.points, saved.version, saved.grader) == (1, 2, "ta2")


def test_a_regrade_keeps_manual_scores_and_flags_changed_answers(gradebook, out):
    gradebook.save_manual("mnist_dense", "ann_mnist_dense", "curves_reading", 2, "", "ta1", 0)
    gradebook.save_manual("mnist_dense", "ben_mnist_dense", "curves_reading", 1, "", "ta1", 0)
    write_results(
        out,
        result("ann", score=12.0),  # a check changed: autograded points move
        result("ben", score=9.0, answers=("A new answer.", "The learning rate.")),
    )
    with current(out) as again:
        rows = {row.student: row for row in again.grades()}
        assert (rows["ann"].autograded, rows["ann"].manual) == (12, 2)
        assert rows["ben"].manual == 1
        assert again.changed_answers() == [("ben_mnist_dense", "curves_reading")]
        fields = [entry.field for entry in again.audit()]
        assert fields.count("autograded") == 3  # ann, ben in, then ann's change


def test_an_override_replaces_the_points_and_needs_a_reason(gradebook, out):
    with pytest.raises(ScoreError, match="reason"):
        gradebook.set_override("ben_mnist_dense", 15, " ", "prof")
    gradebook.set_override("ben_mnist_dense", 15, "regraded by hand", "prof")
    with current(out) as again:
        (ben,) = [row for row in again.grades() if row.student == "ben"]
        assert (ben.points, ben.final, ben.override_reason) == (15, 15, "regraded by hand")


def test_a_grader_failure_has_no_final(out):
    write_results(out, result("cat", score=None))
    with current(out) as book:
        (cat,) = book.grades()
        assert (cat.points, cat.final) == (None, None)
