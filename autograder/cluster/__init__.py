"""A batch graded on a Slurm cluster: the same sandbox and checks, many nodes at once.

The story of a cluster run, one module per step: :mod:`~autograder.cluster.plan` finds
what is left to grade (the rules of :mod:`autograder.resume`) and writes the run's
:mod:`~autograder.cluster.manifest`; :mod:`~autograder.cluster.slurm` sizes the job
array and submits it, after a :mod:`~autograder.cluster.doctor` job has said what
isolation the compute nodes give; each array task grades its chunk of the manifest
(:mod:`~autograder.cluster.worker`), and a dependent job writes the grades, the
Gradescope files and the pages (:mod:`~autograder.cluster.collect`).
:func:`~autograder.cluster.submit.grade_on_slurm` tells the whole story from the login node.
"""
