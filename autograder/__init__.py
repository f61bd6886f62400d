"""densegrade: auto-graded Keras dense-network assignments on MNIST and CIFAR-10.

A submission's story, one module (or subpackage) per step:
submissions -> data -> execution (and the kernel) -> judging (and the checks) ->
results -> reports; ``grade`` tells the story of a batch, and ``build`` makes the
student notebooks and the autograder bundles from the reference solutions.
"""

import sys

__version__ = "0.1.0"

# jsonschema (under nbformat and otter) builds rfc3987-syntax's Earley parser when it is
# imported: 1.3 s of CPU in every process that reads a notebook, three per submission
# (benchmarks/startup.py). No schema read here checks the IRI formats it serves, so the
# module is marked absent, before anything imports jsonschema; jsonschema expects that.
sys.modules.setdefault("rfc3987_syntax", None)
