"""A real single-node Slurm cluster on this machine, started by the tests and stopped
after them, leaving no daemon behind.

Debian's ``munge``, ``slurmctld`` and ``slurmd`` (installed by ``make slurm``) run from
a folder of their own: a fresh munge key and socket, a ``slurm.conf`` naming this host
as the only node (its CPUs and most of its memory) and one partition, state and spool
folders, and ports no other Slurm uses. Clients find it through ``SLURM_CONF``. Jobs
run as the submitting user, as on a university cluster.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

DAEMONS = ("munged", "slurmctld", "slurmd")
CLIENTS = ("sbatch", "squeue", "scancel", "scontrol", "sinfo")
PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


@dataclass
class SingleNodeSlurm:
    folder: Path
    conf: Path
    node: str
    processes: list[subprocess.Popen] = field(default_factory=list)

    @property
    def env(self) -> dict[str, str]:
        """What a client of this cluster needs in its environment."""
        return {"SLURM_CONF": str(self.conf), "PATH": PATH}

    def command(self, *args: str) -> str:
        finished = subprocess.run(
            list(args), capture_output=True, text=True, env={**os.environ, **self.env}
        )
        assert finished.returncode == 0, f"{args}: {finished.stderr}"
        return finished.stdout

    def wait_until_idle(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            finished = subprocess.run(
                ["sinfo", "--noheader", "--format=%T"],
                capture_output=True,
                text=True,
                env={**os.environ, **self.env},
            )
            if finished.stdout.strip() == "idle":
                return
            for process in self.processes:
                if process.poll() is not None:
                    raise RuntimeError(f"{process.args[0]} stopped: {self.logs()}")
            time.sleep(0.5)
        raise RuntimeError(f"the node did not become idle: {self.logs()}")

    def logs(self) -> str:
        return "\n".join(
            f"--- {path.name} ---\n{path.read_text(errors='replace')[-3000:]}"
            for path in sorted(self.folder.glob("*.log"))
        )

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
        for process in reversed(self.processes):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def start_cluster(folder: Path, memory_mib: int) -> SingleNodeSlurm:
    """Write the configuration, start the daemons, and wait for the node to be idle."""
    missing = [name for name in (*DAEMONS, *CLIENTS) if not shutil.which(name, path=PATH)]
    if missing:
        pytest.fail(f"Slurm is not installed ({', '.join(missing)} missing): run `make slurm`")
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o755)  # clients of every user read slurm.conf and reach the munge socket
    node = socket.gethostname().split(".")[0]
    cluster = SingleNodeSlurm(folder, folder / "slurm.conf", node)
    munge = _munge(folder)
    cluster.conf.write_text(_slurm_conf(folder, node, munge, memory_mib), encoding="utf-8")
    try:
        user = ["runuser", "-u", "munge", "--"]
        munged = [*user, "munged", "--foreground", *_munged_args(munge)]
        cluster.processes.append(_daemon("munged", munged, folder))
        _wait_for(munge / "munge.socket", cluster)
        for daemon in ("slurmctld", "slurmd"):
            command = [daemon, "-D", "-f", str(cluster.conf)]
            cluster.processes.append(_daemon(daemon, command, folder))
        cluster.wait_until_idle()
    except BaseException:
        cluster.stop()
        raise
    return cluster


def _munge(folder: Path) -> Path:
    """A munge folder of its own: a fresh key, and the socket's folder."""
    munge = folder / "munge"
    munge.mkdir(mode=0o755)
    key = munge / "munge.key"
    key.write_bytes(os.urandom(1024))
    key.chmod(0o400)
    shutil.chown(munge, "munge", "munge")
    shutil.chown(key, "munge", "munge")
    return munge


def _munged_args(munge: Path) -> list[str]:
    return [
        f"--key-file={munge / 'munge.key'}",
        f"--socket={munge / 'munge.socket'}",
        f"--pid-file={munge / 'munged.pid'}",
        f"--log-file={munge / 'munged.log'}",
        f"--seed-file={munge / 'munged.seed'}",
    ]


def _slurm_conf(folder: Path, node: str, munge: Path, memory_mib: int) -> str:
    ctl_port, node_port = _free_port(), _free_port()
    for sub in ("state", "spool"):
        (folder / sub).mkdir(exist_ok=True)
    return f"""\
ClusterName=densegrade-test
SlurmctldHost={node}
SlurmctldPort={ctl_port}
SlurmdPort={node_port}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket={munge / "munge.socket"}
CredType=cred/munge
StateSaveLocation={folder / "state"}
SlurmdSpoolDir={folder / "spool"}
SlurmctldPidFile={folder / "slurmctld.pid"}
SlurmdPidFile={folder / "slurmd.pid"}
SlurmctldLogFile={folder / "slurmctld.log"}
SlurmdLogFile={folder / "slurmd.log"}
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU_Memory
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
MaxArraySize=1001
MinJobAge=600
NodeName={node} CPUs={os.cpu_count()} RealMemory={memory_mib} State=UNKNOWN
PartitionName=debug Nodes={node} Default=YES MaxTime=INFINITE State=UP
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("", 0))
        return probe.getsockname()[1]


def _daemon(name: str, command: list[str], folder: Path) -> subprocess.Popen:
    """Start a daemon in the foreground, its output in ``folder/<name>.out``."""
    with (folder / f"{name}.out").open("ab") as log:
        return subprocess.Popen(
            command, stdout=log, stderr=log, stdin=subprocess.DEVNULL, env={"PATH": PATH}
        )


def _wait_for(path: Path, cluster: SingleNodeSlurm, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        if time.monotonic() > deadline or any(p.poll() is not None for p in cluster.processes):
            raise RuntimeError(f"{path} did not appear: {cluster.logs()}")
        time.sleep(0.1)


def temporary_folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="densegrade-slurm-"))
