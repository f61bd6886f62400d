"""densegrade: auto-graded Keras dense-network assignments on MNIST and CIFAR-10.

A submission's story, one module (or subpackage) per step:
submissions -> data -> execution (and the kernel) -> judging (and the checks) ->
results -> reports; ``grade`` tells the story of a batch, and ``build`` makes the
student notebooks and the autograder bundles from the reference solutions.
"""

__version__ = "0.1.0"
