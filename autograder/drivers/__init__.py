"""Drivers: the programs that tell a whole story by calling the rooms below them.

The batch on this machine (``grade``: find the submissions, grade the references first
with ``reference``, resume what an earlier run left with ``resume``, tell the progress
with ``progress``), the demo (``demo``, its ``samples`` made from the references), the
course build (``course_build``: render, check or write everything a course publishes),
a batch on Slurm (``cluster/``) and the Gradescope autograder (``gradescope/``). A driver
may import every room below it (contracts up to the course desk) and the drivers
before it; only the interface (``api``, ``cli``) and the corpus import a driver.

May import: contracts, student_imports, submissions, data, kernel, checks, judging,
execution, authoring, similarity, reports, desk.
"""
