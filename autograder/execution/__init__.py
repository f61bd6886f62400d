"""Step 2 of a submission's story: running the notebook in a grading kernel.

May import: contracts, student_imports, submissions, data, kernel, checks, judging.
"""
