"""The checks: pure functions of the notebook's values, one module per question.

Every check returns a :class:`CheckOutcome`; the otter test files (public ones in the
student notebook, hidden ones in the bundle) call these functions and ``require()``
the outcome, so the student's ``grader.check`` and the hidden grading (step 3,
:mod:`autograder.judging`) share one implementation. Nothing here imports the
grader's other steps.

May import: contracts, student_imports, submissions, data, kernel.
"""

from autograder.checks.outcome import CheckFailed, CheckOutcome

__all__ = ["CheckFailed", "CheckOutcome"]
