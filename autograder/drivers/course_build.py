"""``densegrade build`` as one function: render everything a course publishes from
``solutions/``, then check it against the files on disk or write it (:func:`build`).

Above :mod:`autograder.authoring.build` (the rendering), :mod:`autograder.authoring.leak_scan` and
:mod:`autograder.drivers.gradescope.package`, which both read the rendering's parts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from autograder.authoring import build as rendering_api
from autograder.authoring.leak_scan import stale_or_leaking
from autograder.contracts.assignments import Assignment
from autograder.drivers.gradescope.config import JUDGING_SECONDS, GradescopeConfig
from autograder.drivers.gradescope.package import write_autograder_zips

# Gradescope's timeout must leave the notebook a minute beside the judging.
MIN_GRADESCOPE_TIMEOUT = JUDGING_SECONDS + 60


@dataclass(frozen=True)
class BuildResult:
    """What :func:`build` did: the generated files (relative to the root) it wrote or, on
    a check, compared; on a check, every stale file and leak found."""

    checked: bool
    files: list[Path]
    problems: list[str] = field(default_factory=list)
    handouts: list[Path] = field(default_factory=list)  # dist/<assignment>-student.zip
    zips: list[Path] = field(default_factory=list)  # the Gradescope autograders
    specs: list[Assignment] = field(default_factory=list)  # what the build read, by name

    @property
    def up_to_date(self) -> bool:
        """On a check: the files on disk equal a fresh build, and nothing leaks."""
        return not self.problems


def build(
    root: Path,
    check: bool = False,
    zip_dir: Path | None = None,
    gradescope_timeout: float = GradescopeConfig.gradescope_timeout,
) -> BuildResult:
    """Regenerate ``assignments/``, the autograder bundles and the student handouts of the
    project ``root`` from its ``solutions/``; with ``zip_dir``, also write each assignment's
    Gradescope autograder zip there (``gradescope_timeout``: the seconds set on Gradescope).

    With ``check``, writes nothing: compares a fresh rendering with the files on disk and
    scans the student-facing files for leaks (``problems``). Raises
    :class:`~autograder.authoring.build.BuildError` when a reference notebook cannot be built,
    :class:`~autograder.drivers.gradescope.package.PackageError` when a zip cannot be, and
    ``ValueError`` for arguments it cannot honour.
    """
    if check and zip_dir is not None:
        raise ValueError("a check writes nothing: it cannot write the Gradescope zips too")
    if zip_dir is not None and gradescope_timeout < MIN_GRADESCOPE_TIMEOUT:
        raise ValueError(
            f"a Gradescope timeout of {gradescope_timeout:g} s leaves the notebook no time: "
            f"give at least {MIN_GRADESCOPE_TIMEOUT:g} s"
        )
    rendering = rendering_api.render_all(root)
    specs = [rendering.specs[name] for name in sorted(rendering.specs)]
    if check:
        problems = stale_or_leaking(rendering, root)
        return BuildResult(True, sorted(rendering.files), problems, specs=specs)
    written = rendering_api.write(rendering, root)
    handouts = rendering_api.write_handouts(rendering, root)
    zips = write_autograder_zips(root, zip_dir, gradescope_timeout) if zip_dir else []
    return BuildResult(False, written, handouts=handouts, zips=zips, specs=specs)
