"""``python private_root.py SPEC.json``: become a Gradescope container, then run a command.

Started by :mod:`tests.gradescope.harness` as root inside new mount, PID and network
namespaces (``unshare --mount --pid --fork --mount-proc --net``). It builds a root file
system in ``spec["root"]`` holding the system folders (read-only), ``/dev``, ``/sys``, a
new ``/proc``, an empty ``/tmp`` and the folders ``spec["binds"]`` names, changes root
into it, and runs ``spec["command"]`` in ``spec["cwd"]`` with only ``spec["env"]``, as
root with Docker's default capabilities: no ``CAP_SYS_ADMIN``, so no namespaces and no
mounts, as in Gradescope's containers. Nothing else of this machine is visible.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SYSTEM_DIRS = ("/usr", "/etc", "/bin", "/sbin", "/lib", "/lib64")
# Docker's default capability set (what a Gradescope container's root has).
DOCKER_CAPABILITIES = (
    "chown,dac_override,fowner,fsetid,kill,setgid,setuid,setpcap,net_bind_service,"
    "net_raw,sys_chroot,mknod,audit_write,setfcap"
)


def mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True)


def bind(source: str, target: Path, read_only: bool) -> None:
    if Path(source).is_dir():
        target.mkdir(parents=True, exist_ok=True)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.touch()
    mount("--rbind", source, str(target))
    if read_only:
        mount("-o", "remount,bind,ro", str(target))


def build_root(root: Path, binds: list[tuple[str, str, bool]]) -> None:
    mount("--make-rprivate", "/")
    root.mkdir(parents=True, exist_ok=True)
    mount("-t", "tmpfs", "-o", "mode=0755", "tmpfs", str(root))
    for folder in SYSTEM_DIRS:
        target = root / folder.lstrip("/")
        if os.path.islink(folder):  # /bin -> usr/bin on merged-/usr systems
            target.symlink_to(os.readlink(folder))
        elif os.path.isdir(folder):
            bind(folder, target, read_only=True)
    for folder in ("/dev", "/sys"):
        bind(folder, root / folder.lstrip("/"), read_only=False)
    (root / "proc").mkdir()
    mount("-t", "proc", "proc", str(root / "proc"))
    (root / "tmp").mkdir()
    mount("-t", "tmpfs", "-o", "mode=1777", "tmpfs", str(root / "tmp"))
    for source, target, read_only in binds:
        bind(source, root / target.lstrip("/"), read_only)


def main() -> None:
    spec = json.loads(Path(sys.argv[1]).read_text())
    build_root(Path(spec["root"]), spec["binds"])
    os.chroot(spec["root"])
    os.chdir(spec["cwd"])
    drop = ["setpriv", f"--bounding-set=-all,+{DOCKER_CAPABILITIES.replace(',', ',+')}", "--"]
    os.execve("/usr/bin/setpriv", [*drop, *spec["command"]], spec["env"])


if __name__ == "__main__":
    main()
