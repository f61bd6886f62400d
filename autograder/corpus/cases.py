"""A corpus of submissions with known verdicts.

Most cases start from ``solutions/<assignment>.ipynb`` as a student would have it
(otter markers and tests removed) and apply edits (each must match exactly once, so
a changed reference fails loudly instead of silently testing something else). The
cases written the way students write (``answers``) fill the stubs of the generated
student notebook with code of their own, first of all the lesson's code pasted cell
for cell. Every case states the score it must get and the checks that must fail.

The MNIST cases live in three modules by kind (``honest``, ``mistakes``, ``cheats``);
``CASES`` joins them with the CIFAR-10 cases below and the cases that use the student
environment's other packages (``libraries``), in the order of docs/corpus.md.
"""

from __future__ import annotations

from autograder.corpus.case import CIFAR_FIT, Case, fails
from autograder.corpus.cheats import CHEATS
from autograder.corpus.honest import HONEST
from autograder.corpus.libraries import LIBRARIES
from autograder.corpus.mistakes import MISTAKES

__all__ = ["CASES", "Case"]

CIFAR10: tuple[Case, ...] = (
    # --- CIFAR-10 -------------------------------------------------------------------------
    # The reference solution itself is graded first by every batch (to check the grader),
    # and its answers, exported from the student handout, by tests/test_handout_environments.py.
    Case(
        "cifar10_no_flatten_fit_fails",
        "cifar10_dense",
        "images left as 32x32x3 for a 3072-input model: `fit` raises, nothing is trained",
        8,
        fails("flattened", "history", "trained", "accuracy_partial", "accuracy_full"),
        edits=(
            ("X_train = X_train.reshape(X_train.shape[0], 3072)\n", ""),
            ("X_test = X_test.reshape(X_test.shape[0], 3072)\n", ""),
        ),
    ),
    Case(
        "cifar10_trained_on_test",
        "cifar10_dense",
        "trained on the 1,000 test images",
        10,
        fails("trained", "accuracy_partial", "accuracy_full"),
        edits=((CIFAR_FIT, CIFAR_FIT.replace("fit(X_train, y_train", "fit(X_test, y_test")),),
    ),
)

CASES: tuple[Case, ...] = HONEST + MISTAKES + CHEATS + CIFAR10 + LIBRARIES
