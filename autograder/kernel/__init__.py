"""Code that runs inside the grading kernel, beside the student's: setup, recorder, export.

Nothing here imports the rest of the grader's steps: the kernel only prepares itself,
records training and hands its state over (:mod:`autograder.contracts.handoff`).

May import: contracts, student_imports, submissions, data.
"""
