"""densegrade: auto-graded Keras dense-network assignments on MNIST and CIFAR-10.

A submission's story, one module (or subpackage) per step:
data -> execution -> checks -> results -> reports; ``build`` makes the student
notebooks and the autograder bundles from the reference solutions.
"""

__version__ = "0.1.0"
