"""The ``densegrade`` command: a thin mirror of the Python API, one module per verb.

May import: api only (each command mirrors a function of it).
"""

from __future__ import annotations

import click

from autograder.cli.build import build, fetch_data
from autograder.cli.calibrate import calibrate
from autograder.cli.cluster import collect, doctor, worker
from autograder.cli.demo import demo
from autograder.cli.export import export
from autograder.cli.grade import grade, report
from autograder.cli.new import new
from autograder.cli.options import REFERENCE_FAILED
from autograder.cli.serve import add_ta, serve
from autograder.cli.similarity import similarity
from autograder.cli.verify import verify


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="densegrade")
def main() -> None:
    """Author, build and grade Keras dense-network assignments.

    Each assignment is its reference notebook (solutions/NAME.ipynb) and its settings
    (solutions/NAME.toml). Keras data sets come from the Keras download, or from verified
    local copies when DENSEGRADE_DATA_DIR names a folder holding mnist/mnist.npz,
    cifar10/cifar10.npz, ...; an assignment's own .npz travels in its bundle.
    """


COMMANDS = (
    new,
    build,
    verify,
    fetch_data,
    grade,
    report,
    demo,
    serve,
    add_ta,
    export,
    similarity,
    calibrate,
    doctor,
    worker,
    collect,
)
for command in COMMANDS:
    main.add_command(command)

__all__ = ["REFERENCE_FAILED", "main"]
