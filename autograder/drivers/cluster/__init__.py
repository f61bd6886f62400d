"""A batch graded on a Slurm cluster: the same sandbox and checks, many nodes at once.

The story of a cluster run, one module per step: :mod:`~autograder.drivers.cluster.plan` finds
what is left to grade (the rules of :mod:`autograder.drivers.resume`) and writes the run's
:mod:`~autograder.drivers.cluster.manifest`; :mod:`~autograder.drivers.cluster.slurm` sizes the job
array and submits it, after a :mod:`~autograder.drivers.cluster.doctor` job has said what
isolation the compute nodes give; each array task grades its chunk of the manifest
(:mod:`~autograder.drivers.cluster.worker`), and a dependent job writes the grades, the
Gradescope files and the pages (:mod:`~autograder.drivers.cluster.collect`).
:func:`~autograder.drivers.cluster.submit.grade_on_slurm` tells the whole story from the login node.
"""
