"""The corpus: submissions with known verdicts, and the notebooks made from them.

Shared by the tests and the benchmarks (docs/corpus.md); the grader itself never
imports it (tests/test_architecture.py checks that).

May import: contracts, student_imports, submissions, data, kernel, checks, judging,
execution, authoring, similarity, reports, desk, drivers.
"""
