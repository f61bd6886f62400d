"""Grading on Gradescope: the autograder zip, what its ``run_autograder`` runs, and the
results in Gradescope's format.

- :mod:`.package` writes the zip (``densegrade build --zip``): :mod:`.scripts`'
  ``setup.sh`` and ``run_autograder``, the pinned :mod:`.requirements`, the grader as a
  :mod:`.wheel`, the settings (:mod:`.config`) and the bundle's files for ``otter run``;
- :mod:`.runner` grades one submission inside Gradescope's container with the same
  pipeline as ``densegrade grade``;
- :mod:`.results` turns a result into Gradescope's ``results.json``.
"""
