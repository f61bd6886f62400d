"""Authoring: what an instructor writes, read into what grading uses.

The reference notebook (``solutions/<name>.ipynb``) and its settings file
(``solutions/<name>.toml``) are the whole of an assignment: :mod:`.settings` reads the
file, :mod:`.spec` reads the spec from the reference by running it up to training.

May import: contracts, student_imports, submissions, data, kernel, checks, judging,
execution.
"""
