"""The text signal on answer code written the ways students write it."""

from autograder.corpus.answers import LESSON_MNIST
from autograder.corpus.disguises import SOURCE, SOURCE_AFTER_FIT
from autograder.corpus.disguises_combined import ALL_AT_ONCE, ALL_AT_ONCE_AFTER_FIT
from autograder.corpus.integrity import OWN_ANSWER, disguised
from autograder.similarity.fingerprints import fingerprint, line_kinds
from autograder.similarity.pairs import Thresholds, similar_pairs

OWN = "\n".join(code for _, code in OWN_ANSWER)  # a student's own long answer
DISGUISED = "\n".join(code for _, code in disguised())  # renamed, lines swapped, comments
LESSON = "\n".join(code for _, code in LESSON_MNIST)


def prints(**codes):
    return {name: fingerprint(code, "mnist_dense") for name, code in codes.items()}


def test_a_copy_with_renamed_variables_and_new_comments_is_a_pair():
    pairs = similar_pairs(prints(ann=OWN, ben=DISGUISED, cat=LESSON), Thresholds())
    assert [(p.first, p.second) for p in pairs] == [("ann", "ben")]


def test_moved_lines_still_match():
    lines = OWN.splitlines()
    moved = "\n".join(lines[10:] + lines[:10])
    pairs = similar_pairs(prints(ann=OWN, ben=moved), Thresholds())
    assert [(p.first, p.second) for p in pairs] == [("ann", "ben")]


def test_the_lessons_code_is_nobodys():
    lesson = prints(**{f"s{i}": LESSON for i in range(10)})
    assert all(not fp.hashes and not fp.lines for fp in lesson.values())
    assert similar_pairs(lesson, Thresholds()) == []


def test_the_side_by_side_page_marks_a_statement_however_it_is_written():
    copy = "\n".join(code for _, code in ALL_AT_ONCE) + "\n" + ALL_AT_ONCE_AFTER_FIT
    source = "\n".join(code for _, code in SOURCE) + "\n" + SOURCE_AFTER_FIT
    kinds = dict(line_kinds(copy, source, "mnist_dense"))
    # keyword order and an alias: not the same text, the same statement
    assert kinds["    opt = K.optimizers.SGD(nesterov=True, learning_rate=.05, momentum=.9)"] == (
        "shared"
    )
    kinds = dict(line_kinds(source, copy, "mnist_dense"))
    assert kinds["model = keras.Sequential(["] == "shared"  # the list, added one by one there
    assert kinds['print("before:", X_train.shape, X_train.dtype)'] == "own"
