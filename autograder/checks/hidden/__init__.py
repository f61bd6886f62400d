"""The hidden checks: run only by the grader, from the bundle's hidden tests.

Pure functions of values like the public checks beside them, one module per
question; the student's handout ships the public checks only, never these.
"""
