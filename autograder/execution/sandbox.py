"""The walls around a student's kernel: hidden files, no network, an unprivileged user, limits.

``python -m autograder.execution.sandbox SPEC.json -- KERNEL ARGV...`` is the
kernel command the grader gives Jupyter. Run as root inside fresh mount and
network namespaces (``unshare --net --mount --ipc``), it

1. builds a new root file system of only what the kernel needs (the system folders
   read-only, ``/dev``, ``/proc``, ``/sys``, Python, the ``autograder`` package with
   its bundles covered, the data sets, the working folder; empty ``/tmp``): solutions,
   other submissions and the grading output are simply not there;
2. caps memory, processes and file sizes with resource limits;
3. becomes an unprivileged user that owns nothing but the working folder;
4. then becomes the kernel.

That is the ``full`` level; :mod:`autograder.execution.isolation` says which level a
machine allows, and ``docs/grading.md`` what each leaves open.
"""

from __future__ import annotations

import ctypes
import os
import resource
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from autograder.contracts import typed_files
from autograder.contracts.project import PACKAGE_DIR
from autograder.data import served_data_environment, served_files
from autograder.execution.isolation import (
    NAMESPACES,
    PID_NAMESPACE,
    USER_NAMESPACE,
    namespaces_available,
    user_namespaces_available,
)
from autograder.execution.limits import GRADER_RESERVE, Limits
from autograder.execution.memory import address_backstop

SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc")
KERNEL_DIRS = ("/dev", "/proc", "/sys")  # the supervisor's own /proc: its PID namespace
SCRATCH_DIRS = ("/tmp", "/var/tmp", "/dev/shm")

# mount(2) flags; statvfs(3) reports the first five with the same values
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REMOUNT = 1, 2, 4, 8, 32
MS_NOATIME, MS_NODIRATIME, MS_BIND, MS_REC = 1024, 2048, 4096, 16384
MS_PRIVATE, MS_RELATIME, ST_RELATIME = 1 << 18, 1 << 21, 4096
KEPT_FLAGS = MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME | MS_NODIRATIME
# prctl(2): drop from the bounding set; set securebits; no new privileges
PR_CAPBSET_DROP, PR_SET_SECUREBITS, PR_SET_NO_NEW_PRIVS = 24, 28, 38
# noroot and no_setuid_fixup (root's exec and setuid rules off), keep_caps off: all locked
SECURE_BITS = 0b101111


@dataclass(frozen=True)
class SandboxSpec:
    """Everything the sandbox entry needs, written to a file the kernel cannot read."""

    FORMAT: ClassVar[str] = "densegrade.sandbox"
    VERSION: ClassVar[int] = 1

    workdir: str
    kernel_log: str  # where the kernel's own output goes (its file descriptors 1 and 2)
    uid: int | None  # None: stay who we are (no root)
    limits: Limits
    keep: tuple[str, ...] = ()  # bound read-only into the new root
    hide: tuple[str, ...] = ()  # covered inside what is kept (the bundles)
    root: str = ""  # where the new root is built; "" keeps the real file system
    # data files by the path the kernel opens -> the real file (symbolic links resolved)
    data_files: dict[str, str] = field(default_factory=dict)


def kernel_argv(spec_file: Path, kernel: list[str]) -> list[str]:
    """The kernel command line, wrapped in new namespaces when they are available."""
    entry = [sys.executable, "-m", "autograder.execution.sandbox", str(spec_file), "--", *kernel]
    return ["unshare", *NAMESPACES, *entry] if namespaces_available() else entry


def supervisor_prefix() -> list[str]:
    """Run a submission's supervisor as init of its own PID namespace when possible (not
    root: inside a user namespace of its own, as its root, which lets it build the kernel's
    namespaces and new root there).

    Killing that namespace's first process kills every process the notebook left,
    whether it forked, daemonised or ignores SIGTERM.
    """
    if namespaces_available():
        return ["unshare", *PID_NAMESPACE]
    if user_namespaces_available():
        return ["unshare", *USER_NAMESPACE, *PID_NAMESPACE]
    return []


def hidden_paths(*, outputs: list[Path], inputs: list[Path]) -> list[str]:
    """What must stay covered even where it lies inside a kept folder."""

    package = PACKAGE_DIR
    paths = [package / "bundles", *outputs, *inputs]
    return sorted({str(Path(p).resolve()) for p in paths if Path(p).exists()})


def needed_paths() -> list[str]:
    """What the kernel needs besides the system folders and the data: Python, the package."""

    package = PACKAGE_DIR
    paths = [Path(sys.prefix), Path(sys.base_prefix), package]
    paths += [Path(p) for p in sys.path if p and Path(p).is_dir() and "site-packages" in p]
    return sorted({str(Path(p).resolve()) for p in paths if Path(p).exists()})


def data_files() -> dict[str, str]:
    """The data set files the kernel may open: the path it will use -> the real file.

    Each file is bound into the new root at the path the grader knows it by, whatever
    symbolic links lead from there to the disk that holds it (a link to a scratch or
    shared disk is common), and nothing else of the data folder is shown.
    """
    return {str(path): os.path.realpath(path) for path in served_files()}


# ---- inside the new namespaces, as root, before becoming the kernel ----


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    spec_file, kernel = argv[0], argv[argv.index("--") + 1 :]
    spec = typed_files.read(SandboxSpec, Path(spec_file))
    limits = spec.limits
    _hand_over_connection_file(kernel, spec.uid)
    _redirect_output(Path(spec.kernel_log), spec.uid)
    if spec.root:
        build_root(spec)
        os.chroot(spec.root)
    apply_limits(limits, own_user=spec.uid is not None)
    os.chdir(spec.workdir)
    if spec.uid is not None:
        os.setgroups([])
        os.setgid(spec.uid)
        os.setuid(spec.uid)
    elif spec.root:  # root of a user namespace: what it may do there ends here
        drop_capabilities()
    os.execvpe(kernel[0], kernel, kernel_environment(spec, limits))


def build_root(spec: SandboxSpec) -> None:
    """Assemble the kernel's file system under ``spec.root``, shallowest path first."""
    _mount(None, "/", None, MS_REC | MS_PRIVATE)
    Path(spec.root).mkdir(parents=True, exist_ok=True)
    _mount("tmpfs", spec.root, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=64m")
    steps = [(path, "system") for path in SYSTEM_DIRS]
    steps += [(path, "kernel") for path in KERNEL_DIRS]
    steps += [(path, "scratch") for path in SCRATCH_DIRS]
    steps += [(path, "keep") for path in _outermost(spec.keep) if not _within(path, SYSTEM_DIRS)]
    steps += [(spec.workdir, "workdir")] + [(path, "hide") for path in spec.hide]
    for path, kind in sorted(steps, key=lambda step: step[0].count("/")):
        _place(path, kind, Path(spec.root + path))
    for path, source in spec.data_files.items():  # last: they may lie inside any of the above
        _place_file(source, Path(spec.root + path))


def _within(path: str, folders) -> bool:
    return any(path == folder or path.startswith(folder.rstrip("/") + "/") for folder in folders)


def _outermost(paths: tuple[str, ...]) -> list[str]:
    """Drop paths inside other paths of the list: binding the outer one brings them."""
    return [path for path in paths if not _within(path, [p for p in paths if p != path])]


def _place(path: str, kind: str, target: Path) -> None:
    if kind == "scratch":
        target.mkdir(parents=True, exist_ok=True)
        _mount("tmpfs", str(target), "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777,size=1g")
    elif kind == "hide":
        if target.is_dir():
            _mount("tmpfs", str(target), "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=1m")
    elif os.path.islink(path):  # /bin -> usr/bin on merged-/usr systems
        target.parent.mkdir(parents=True, exist_ok=True)
        target.symlink_to(os.readlink(path))
    elif os.path.isdir(path):
        target.mkdir(parents=True, exist_ok=True)
        _mount(path, str(target), None, MS_BIND | MS_REC)
        if kind in ("system", "keep"):
            _read_only(path, target)


def _place_file(source: str, target: Path) -> None:
    """Bind one file read-only at ``target``, creating the folders that lead to it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.touch()
    _mount(source, str(target), None, MS_BIND)
    _read_only(source, target)


def _read_only(source: str, target: Path) -> None:
    """Remount the bind at ``target`` read-only, keeping the flags its source has (in a
    user namespace the kernel refuses a remount that would clear one)."""
    kept = os.statvfs(source).f_flag & KEPT_FLAGS
    relatime = MS_RELATIME if os.statvfs(source).f_flag & ST_RELATIME else 0
    _mount(None, str(target), None, MS_REMOUNT | MS_BIND | MS_RDONLY | kept | relatime)


def drop_capabilities() -> None:
    """Drop every capability for good before the kernel starts: the bounding set emptied,
    root's exec rules switched off and locked, no new privileges (its user namespace would
    otherwise let the notebook unmount what hides the tests)."""
    libc = ctypes.CDLL(None, use_errno=True)
    last = int(Path("/proc/sys/kernel/cap_last_cap").read_text())
    calls = [(PR_CAPBSET_DROP, cap) for cap in range(last + 1)]
    calls += [(PR_SET_SECUREBITS, SECURE_BITS), (PR_SET_NO_NEW_PRIVS, 1)]
    for option, value in calls:
        if libc.prctl(option, value, 0, 0, 0) != 0:
            error = ctypes.get_errno()
            raise OSError(error, f"prctl {option} {value}: {os.strerror(error)}")


def apply_limits(limits: Limits, own_user: bool) -> None:
    """Cap address space, file size and (for a sandbox user of its own) processes.

    The notebook's memory limit is its resident memory, which the supervisor watches
    (:mod:`autograder.execution.memory`); ``RLIMIT_DATA`` is only a backstop well above
    it, so that one huge allocation fails at once. It is soft by :data:`GRADER_RESERVE`:
    the grader's own work in the kernel (recording training, exporting the state)
    raises it to the hard cap while it runs (:mod:`autograder.kernel.headroom`).
    """
    backstop = address_backstop(limits.memory_bytes)
    resource.setrlimit(resource.RLIMIT_DATA, (backstop, backstop + GRADER_RESERVE))
    caps = [(resource.RLIMIT_FSIZE, limits.max_file_bytes), (resource.RLIMIT_CORE, 0)]
    if own_user:  # the count is per user: for the grader's own user it would count its desktop
        caps.append((resource.RLIMIT_NPROC, limits.max_processes))
    for which, value in caps:
        resource.setrlimit(which, (value, value))


def kernel_environment(spec: SandboxSpec, limits: Limits) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("HOME", "IPYTHONDIR", "MPLCONFIGDIR", "KERAS_HOME", "JUPYTER_RUNTIME_DIR"):
        env.pop(name, None)
    threads = str(limits.threads)
    env.update(served_data_environment())  # absolute: the kernel's working folder differs
    env.update(
        HOME=spec.workdir,
        TMPDIR="/tmp",
        DENSEGRADE_THREADS=threads,  # read by kernel_setup
        TF_NUM_INTRAOP_THREADS=threads,
        TF_NUM_INTEROP_THREADS="1",
        OMP_NUM_THREADS=threads,
        TF_CPP_MIN_LOG_LEVEL="2",
    )
    return env


def _hand_over_connection_file(kernel: list[str], uid: int | None) -> None:
    if uid is None or "-f" not in kernel:
        return
    os.chown(kernel[kernel.index("-f") + 1], uid, uid)


def _redirect_output(log: Path, uid: int | None) -> None:
    """Output written straight to file descriptors 1 and 2 goes to a log, never the terminal."""
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    if uid is not None:
        os.fchown(fd, uid, uid)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)


def _mount(source: str | None, target: str, fstype: str | None, flags: int, data: str = "") -> None:
    encode = lambda text: text.encode() if text is not None else None  # noqa: E731
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.mount(encode(source), encode(target), encode(fstype), flags, encode(data)) != 0:
        error = ctypes.get_errno()
        raise OSError(error, f"mount {source} on {target}: {os.strerror(error)}")


if __name__ == "__main__":
    main()
