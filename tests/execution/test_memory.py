"""The memory a kernel uses, read from /proc, and the watch that stops it past its limit."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from autograder.execution import memory


def test_an_abort_with_much_of_the_limit_in_use_is_memory_a_crash_with_little_is_not():
    peak = memory.MemoryPeak(charged_bytes=int(1.2 * 1024**3))
    limit = 2 * 1024**3
    assert memory.ran_out(peak, limit, -signal.SIGABRT)  # one large allocation failed
    assert not memory.ran_out(peak, limit, -signal.SIGSEGV)
    assert not memory.ran_out(memory.MemoryPeak(charged_bytes=10**8), limit, -signal.SIGABRT)


def test_the_address_space_backstop_is_far_above_the_resident_limit():
    limit = 2 * 1024**3
    assert memory.address_backstop(limit) == limit + 2 * 1024**3
    assert memory.address_backstop(8 * 1024**3) == 16 * 1024**3
    # reserved address space near the backstop, after a failed allocation, is memory too
    reserved = memory.MemoryPeak(data_bytes=int(3.5 * 1024**3), charged_bytes=10**8)
    assert memory.ran_out(reserved, limit, None)
    assert not memory.ran_out(memory.MemoryPeak(data_bytes=2 * 1024**3), limit, None)


def test_memory_is_read_from_proc():
    usage = memory.read_usage(os.getpid())
    assert usage is not None and usage.resident_bytes > 10 * 1024**2 and usage.data_bytes > 0
    assert memory.read_usage(2**22 + 12345) is None  # no such process
    now = memory.read_usage(os.getpid(), "VmRSS")
    assert 0 < now.resident_bytes <= memory.own_peak_bytes()


def test_the_monitor_samples_the_graders_own_memory_beside_the_kernels():
    with memory.MemoryMonitor(lambda: None, interval=0.01) as monitor:
        time.sleep(0.1)
    assert monitor.peak.grader_bytes > 10 * 1024**2 and monitor.peak.data_bytes == 0


GROWS = """
import sys, time
import numpy as np
held = []
if sys.argv[1] == "child":
    for _ in range(40):
        held.append(np.ones(25 * 2**20 // 8))  # 25 MiB more, touched
        time.sleep(0.02)
    time.sleep(60)
import subprocess
subprocess.Popen([sys.executable, "-c", sys.argv[2], "child", sys.argv[2]])
time.sleep(60)
"""


def test_the_monitor_charges_the_kernels_children_and_stops_it_past_its_limit():
    # The "kernel" starts a child that grows to 1 GiB; the limit is 600 MiB.
    kernel = subprocess.Popen([sys.executable, "-c", GROWS, "parent", GROWS])
    limit = 600 * 1024**2
    try:
        with memory.MemoryMonitor(lambda: kernel.pid, lambda: limit, interval=0.01) as watch:
            kernel.wait(timeout=30)
    finally:
        kernel.kill()
    assert watch.exceeded and watch.exceeded_at > limit
    assert watch.exceeded_at < limit + 200 * 1024**2  # stopped soon after passing it
    assert watch.peak.charged_bytes > watch.peak.resident_bytes  # the child counted
    assert kernel.returncode == -signal.SIGKILL


FORKS = """
import os, time, numpy as np
held = np.ones(400 * 2**20, dtype=np.uint8)
for _ in range(20):
    if os.fork() == 0:
        time.sleep(30)
        os._exit(0)
time.sleep(30)
"""


def test_pages_a_fork_shares_are_charged_once():
    # 21 processes share 400 MiB copy-on-write: charged as 400 MiB, not 8 GiB.
    kernel = subprocess.Popen([sys.executable, "-c", FORKS])
    try:
        with memory.MemoryMonitor(lambda: kernel.pid, lambda: 2 * 1024**3) as watch:
            time.sleep(4)
    finally:
        for child in memory.descendants(kernel.pid):
            os.kill(child, signal.SIGKILL)
        kernel.kill()
    assert not watch.exceeded
    assert 400 * 1024**2 < watch.peak.charged_bytes < 600 * 1024**2
