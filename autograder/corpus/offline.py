"""Running student notebooks offline, outside the grader (tests and benchmarks only).

A student's Keras downloads the data sets; this machine cannot. The cell below, put
first in a notebook run outside the grader, serves Keras' ``load_data()`` from the
course's data folder (``DENSEGRADE_DATA_DIR``) with NumPy alone, so it works in any
environment, a student's handout included, without the grader's data layer.
"""

OFFLINE_DATA_CELL = """\
# Not part of any notebook a student gets: this machine is offline, so the data sets are
# served from the course's data folder, where a student's Keras would download them.
import importlib as _importlib
import os as _os

import numpy as _np


def _served(path):
    def load_data(*args, **kwargs):
        with _np.load(path) as arrays:
            return (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])

    return load_data


for _name, _file in (("mnist", "mnist/mnist.npz"), ("cifar10", "cifar10/cifar10.npz")):
    for _template in ("keras.datasets.{}", "keras.src.datasets.{}"):
        _module = _importlib.import_module(_template.format(_name))
        _module.load_data = _served(_os.path.join(_os.environ["DENSEGRADE_DATA_DIR"], _file))
"""
