"""The zip's settings, and the limits they give inside a container."""

from __future__ import annotations

import pytest

from autograder.drivers.gradescope import config
from autograder.drivers.gradescope.config import JUDGING_SECONDS, GradescopeConfig
from autograder.execution.limits import GIB, GRADER_SHARE, Limits


def test_settings_round_trip_and_refuse_unknown_keys(tmp_path):
    settings = GradescopeConfig(assignment="cifar10_dense", gradescope_timeout=1200)
    path = tmp_path / "densegrade.json"
    path.write_text(settings.to_json())
    assert GradescopeConfig.read(path) == settings
    assert '"format": "densegrade.gradescope-config"' in path.read_text()
    path.write_text(settings.to_json().replace('"assignment"', '"timeout": 5, "assignment"'))
    with pytest.raises(ValueError, match="unknown key 'timeout'") as refused:
        GradescopeConfig.read(path)
    assert "reads: assignment, gradescope_timeout" in str(refused.value)
    assert "densegrade build --zip" in str(refused.value)


def test_the_notebook_gets_gradescopes_timeout_less_the_judging(monkeypatch):
    monkeypatch.setattr(config, "cgroup_memory_limit", lambda: None)
    limits = config.limits_for(GradescopeConfig("mnist_dense", gradescope_timeout=1800))
    assert limits.timeout == 1800 - JUDGING_SECONDS
    assert limits.timeout + limits.check_seconds < 1800  # the backstop ends before Gradescope's
    assert limits.memory_bytes == Limits().memory_bytes
    with pytest.raises(ValueError, match="leaves no time"):
        config.limits_for(GradescopeConfig("mnist_dense", gradescope_timeout=JUDGING_SECONDS))


def test_the_kernels_memory_stays_below_the_containers(monkeypatch):
    monkeypatch.setattr(config, "cgroup_memory_limit", lambda: 6 * GIB)
    limits = config.limits_for(GradescopeConfig("mnist_dense"))
    assert not limits.preload_checks  # the checks are imported after the kernel is gone
    assert limits.memory_bytes == 6 * GIB - GRADER_SHARE[False]
    two = config.limits_for(GradescopeConfig("mnist_dense"), workers=2)
    assert two.memory_bytes == 3 * GIB - GRADER_SHARE[False]


def test_threads_follow_the_cpu_quota(monkeypatch):
    monkeypatch.setattr(config, "cgroup_memory_limit", lambda: None)
    monkeypatch.setattr(config, "threads_per_worker", lambda workers: 1)
    assert config.limits_for(GradescopeConfig("mnist_dense")).threads == 1
