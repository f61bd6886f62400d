"""The saved-outputs signal counts only what training printed."""

from autograder.corpus.integrity import training_log
from autograder.similarity.outputs import precise_numbers


def test_keras_progress_lines_count():
    assert len(precise_numbers(training_log(1))) == 40  # ten epochs, four numbers each


def test_a_printed_history_counts_however_it_is_wrapped():
    history = "{'accuracy': [0.8123456,\n  0.9123456],\n 'loss': [0.5123456, 0.4123456]}"
    assert precise_numbers(history) == ("0.8123456", "0.9123456", "0.5123456", "0.4123456")


def test_other_numbers_do_not_count():
    outputs = "1796614108.358556\n0.123456789 0.987654321\nmean pixel 33.318421\nshape (60000, 784)"
    assert precise_numbers(outputs) == ()
    assert precise_numbers("Test accuracy: 0.97812345") == ("0.97812345",)
