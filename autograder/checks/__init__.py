"""Step 3 of a submission's story: the checks.

One module per lesson step. Every check returns a :class:`CheckOutcome`; the otter
test files (public ones in the student notebook, hidden ones in the bundle) call
these functions and ``require()`` the outcome, so both share one implementation.
"""

from autograder.checks.outcome import CheckFailed, CheckOutcome

__all__ = ["CheckFailed", "CheckOutcome"]
