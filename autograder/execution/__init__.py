"""Step 2 of a submission's story: running the notebook in a grading kernel."""
