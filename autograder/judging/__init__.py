"""Step 3 of a submission's story: judge what a grading kernel handed over.

In the supervisor, after the student's kernel is gone: rebuild the notebook's
gradable variables from the export (:mod:`rebuild`), judge how the model was
trained (:mod:`training_record`), run the bundle's otter test files, which call the
pure check functions of :mod:`autograder.checks` (:mod:`harness`), and collect
what the report pages show (:mod:`evidence`).

May import: contracts, student_imports, submissions, data, kernel, checks.
"""
