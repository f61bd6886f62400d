"""Step 0 of a submission's story: find the submissions, name them, and tell whether each
can be graded at all (a notebook of a known assignment) before any of it runs.

May import: contracts, student_imports.
"""

from autograder.submissions.finding import Submission, SubmissionError, find_submissions
from autograder.submissions.naming import (
    REFERENCE_PREFIX,
    Task,
    is_reference,
    reference_name,
    submission_names,
)
from autograder.submissions.validation import (
    InvalidSubmission,
    assignment_of,
    identify_assignment,
    inspect_submission,
    read_notebook,
)

__all__ = [
    "REFERENCE_PREFIX",
    "Task",
    "is_reference",
    "reference_name",
    "InvalidSubmission",
    "Submission",
    "SubmissionError",
    "assignment_of",
    "find_submissions",
    "identify_assignment",
    "inspect_submission",
    "read_notebook",
    "submission_names",
]
