"""``densegrade new``: a new assignment scaffolded from an existing one."""

from __future__ import annotations

from pathlib import Path

import click

from autograder.cli.options import folder_option


@click.command()
@click.argument("name")
@click.option("--from", "source", required=True, help="The existing assignment to copy.")
@click.option(
    "--dataset",
    default=None,
    help="Another data set: a Keras name (mnist, fashion_mnist, cifar10, cifar100) or a "
    ".npz file of your own in solutions/.",
)
@folder_option("--root", Path("."), "Project folder holding solutions/.")
def new(name: str, source: str, dataset: str | None, root: Path) -> None:
    """Scaffold solutions/NAME.ipynb and solutions/NAME.toml from an existing assignment.

    The copy is renamed throughout; with --dataset its data cell loads the other data
    set and the image size and class count follow. Then edit the reference (the network,
    the optimizer, the epochs, the text), run `densegrade calibrate NAME` and
    `densegrade build`.
    """
    from autograder.api import ScaffoldError, scaffold

    try:
        written = scaffold(root, name, source, dataset)
    except (ScaffoldError, ValueError) as error:
        raise click.ClickException(str(error)) from error
    for path in written:
        click.echo(f"Wrote {path}")
    click.echo(
        f"Next: edit {written[0]} (the reference is the spec: its network, optimizer, "
        f"loss, epochs and step headings are what the checks expect), then run\n"
        f"  densegrade calibrate {name}\n  densegrade build"
    )
