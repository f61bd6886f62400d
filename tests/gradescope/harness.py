"""A simulated Gradescope: the autograder zip's image built and run as Gradescope runs it.

Gradescope unpacks the zip into ``/autograder/source``, runs ``setup.sh`` once to build
an image, then for each submission puts the files in ``/autograder/submission`` and
the metadata in ``/autograder/submission_metadata.json``, runs ``run_autograder`` and
reads ``/autograder/results/results.json``. Here each of those runs is a process tree
in a private root (:mod:`tests.gradescope.private_root`): new mount, PID and network
namespaces, so no network and nothing of this machine but the system folders, and the
``/autograder`` of that run; Docker's default capabilities, an empty environment, and
a cgroup with a CPU quota and a memory limit, as a Gradescope container has.

The image (the virtual environment ``setup.sh`` makes, and the data sets it fetches)
is built once, inside such a root, and shared by every run, bound at the same paths.
Its packages come from PyPI through the wheel cache of :mod:`tests.fresh_environments`,
installed offline by ``setup.sh``'s own ``packages`` step.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from autograder.contracts import typed_files
from autograder.drivers.gradescope.config import (
    CONFIG_FILE,
    PYTHON_VERSION,
    GradescopeConfig,
    GradescopeRoot,
)
from tests.fresh_environments import download_pinned, interpreter

PRIVATE_ROOT = Path(__file__).with_name("private_root.py")
CGROUP_ROOT = Path("/sys/fs/cgroup")
PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
GIB = 1024**3


@dataclass
class Run:
    """One submission as Gradescope ran it."""

    results: dict  # results.json
    output: str  # run_autograder's standard output and error (Gradescope shows it to staff)
    autograder: Path  # this run's /autograder, on this machine
    seconds: float  # wall time of the whole run
    peak_memory: int  # the container's peak memory use (its cgroup's), in bytes

    @property
    def grading_output(self) -> Path:
        return GradescopeRoot(self.autograder).output


@dataclass
class Finished:
    """A command run in the container."""

    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_memory: int


class Gradescope:
    """One autograder zip's image, and runs of submissions against it."""

    def __init__(self, folder: Path, autograder_zip: Path, cpus: float, memory: int) -> None:
        self.folder, self.zip, self.cpus, self.memory = folder, autograder_zip, cpus, memory
        with zipfile.ZipFile(autograder_zip) as archive:
            self.config = typed_files.loads(GradescopeConfig, archive.read(CONFIG_FILE).decode())
        self.image = {"venv": folder / "image" / "venv", "data": folder / "image" / "data"}
        self.python = interpreter(PYTHON_VERSION)

    # ---- the image ----

    def build_image(self, data_dir: Path) -> Finished:
        """``setup.sh packages data check``, offline, from the wheel cache and the course's
        data folder (on Gradescope the same steps download both)."""
        autograder = self._autograder("setup")
        requirements = autograder / "source" / "requirements.txt"
        wheels = download_pinned(requirements, sys.executable, "gradescope")
        for folder in self.image.values():
            folder.mkdir(parents=True, exist_ok=True)
            folder.chmod(0o755)
        binds = [(str(wheels), "/wheels", True), (str(data_dir.resolve()), "/shared-data", True)]
        env = {
            "PIP_NO_INDEX": "1",
            "PIP_FIND_LINKS": "/wheels",
            "DENSEGRADE_DATA_DIR": "/shared-data",
            "PYTHON": self.python,  # this machine's; on Gradescope setup.sh's python step
        }
        command = ["/bin/bash", "/autograder/source/setup.sh", "packages", "data", "check"]
        return self._run_in_root(autograder, command, env, binds)

    # ---- submissions ----

    def grade(
        self,
        files: dict[str, bytes],
        env: dict[str, str] | None = None,
        settings: dict | None = None,
    ) -> Run:
        """Grade one submission (file name -> content), as Gradescope does; ``settings``
        change ``densegrade.json``, ``env`` adds to the empty environment."""
        autograder = self._autograder(None)
        for name, content in files.items():
            (autograder / "submission" / name).write_bytes(content)
        (autograder / "submission_metadata.json").write_text(json.dumps(METADATA))
        if settings:
            config_file = autograder / "source" / CONFIG_FILE
            config = json.loads(config_file.read_text()) | settings
            config_file.write_text(json.dumps(config))
        shutil.copy(autograder / "source" / "run_autograder", autograder / "run_autograder")
        finished = self._run_in_root(autograder, ["/autograder/run_autograder"], env or {}, [])
        results = json.loads((autograder / "results" / "results.json").read_text())
        output = finished.stdout + finished.stderr
        return Run(results, output, autograder, finished.seconds, finished.peak_memory)

    # ---- the container ----

    def _autograder(self, name: str | None) -> Path:
        """A fresh ``/autograder``: the zip in ``source/``, empty submission and results."""
        run = self.folder / name if name else Path(tempfile.mkdtemp(prefix="run-", dir=self.folder))
        autograder = run / "autograder"
        for sub in ("source", "submission", "results", "densegrade-venv", "data"):
            (autograder / sub).mkdir(parents=True)
        with zipfile.ZipFile(self.zip) as archive:
            for member in archive.infolist():
                target = archive.extract(member, autograder / "source")
                os.chmod(target, (member.external_attr >> 16) or 0o644)
        for folder in (autograder.parent, autograder):
            folder.chmod(0o755)
        return autograder

    def _run_in_root(
        self, autograder: Path, command: list[str], env: dict, binds: list
    ) -> Finished:
        root = autograder.parent / "root"
        image = [
            (str(self.image["venv"]), self.config.venv, False),
            (str(self.image["data"]), self.config.data_dir, False),
        ]
        python_home = str(Path(self.python).parents[1])  # the image's Python 3.11
        spec = {
            "root": str(root),
            "binds": [
                (python_home, python_home, True),
                (str(autograder), "/autograder", False),
                *image,
                *binds,
            ],
            "command": command,
            "cwd": "/autograder",
            "env": {"PATH": PATH, **env} if env else {},
        }
        spec_file = autograder.parent / "container.json"
        spec_file.write_text(json.dumps(spec))
        unshare = ["unshare", "--mount", "--pid", "--fork", "--mount-proc", "--net", "--ipc"]
        groups = _cgroups(f"densegrade-gradescope-{os.getpid()}-{autograder.parent.name}",
                          self.cpus, self.memory)  # fmt: skip
        started = time.monotonic()
        try:
            finished = subprocess.run(
                [*_joining(groups), *unshare, sys.executable, str(PRIVATE_ROOT), str(spec_file)],
                capture_output=True,
                text=True,
                timeout=3600,
            )
            seconds = time.monotonic() - started
            peak = int((groups[1] / "memory.max_usage_in_bytes").read_text())
        finally:
            for group in groups:
                group.rmdir()
        return Finished(finished.returncode, finished.stdout, finished.stderr, seconds, peak)


METADATA = {  # the shape of Gradescope's submission_metadata.json
    "id": 123456789,
    "created_at": "2026-11-26T10:00:00.000000-08:00",
    "assignment": {"id": 4242, "title": "Dense networks", "total_points": "13.0"},
    "submission_method": "upload",
    "users": [{"email": "student@example.edu", "id": 1001, "name": "A Student", "sid": "s1001"}],
    "previous_submissions": [],
}


def _cgroups(name: str, cpus: float, memory: int) -> list[Path]:
    """A v1 CPU and memory cgroup (the kind this machine has) with the container's limits."""
    cpu = CGROUP_ROOT / "cpu" / name
    cpu.mkdir()
    (cpu / "cpu.cfs_period_us").write_text("100000")
    (cpu / "cpu.cfs_quota_us").write_text(str(int(cpus * 100000)))
    ram = CGROUP_ROOT / "memory" / name
    ram.mkdir()
    (ram / "memory.limit_in_bytes").write_text(str(memory))
    return [cpu, ram]


def _joining(groups: list[Path]) -> list[str]:
    """A prefix that moves the command into ``groups`` before it starts (a shell, not a
    ``preexec_fn``: the image is built in a thread while the session runs tests)."""
    joins = [f"echo $$ > {shlex.quote(str(group / 'cgroup.procs'))}" for group in groups]
    return ["/bin/sh", "-c", "; ".join(joins) + '; exec "$@"', "sh"]
