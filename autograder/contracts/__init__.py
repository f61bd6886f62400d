"""Contracts: what every step of a submission's story shares, each declared once.

The catalog of assignments (each one's spec, as the build recorded it), the statuses a
result can have, the files between processes (typed, versioned JSON) and between the
grading kernel and the judge (the handoff), the otter notebook format, the bundles'
grader-only facts, the evidence the pages show, a submission's result, the grader's
identity, the student environment and the tested set of packages, a course project's
folders and a grading run's output folder, and a few small helpers (text, zips, which
module imports which). This room imports nothing else of the package: every other room
may import it.

May import: nothing else of the package.
"""
