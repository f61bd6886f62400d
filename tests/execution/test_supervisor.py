"""What the supervisor reads from the pool and makes of the exported state."""

from __future__ import annotations

import json

import pytest

from autograder.contracts import typed_files
from autograder.contracts.handoff import STATE_FILE
from autograder.contracts.statuses import Status
from autograder.contracts.typed_files import FileFormatError
from autograder.execution import supervisor
from autograder.execution.jobs import Job
from autograder.execution.limits import Limits
from autograder.judging.verdicts import Verdict
from tests.execution.made_jobs import job_in


def test_a_job_reaches_the_supervisor_as_the_pool_wrote_it(tmp_path):
    job = job_in(tmp_path, hide=("/out",), keep=("/usr", "/venv"))
    back = typed_files.read(Job, typed_files.write(job.folder.job, job))
    assert back == job and isinstance(back.limits, Limits)
    assert back.folder.kernel_log == tmp_path / "work" / "kernel-output.log"
    data = json.loads(job.folder.job.read_text())
    job.folder.job.write_text(json.dumps({**data, "notebook": "elsewhere.ipynb"}))
    with pytest.raises(FileFormatError, match="unknown key 'notebook'"):
        typed_files.read(Job, job.folder.job)


def test_a_malformed_export_is_the_graders_failure(tmp_path):
    (tmp_path / STATE_FILE).write_text('{"format": "densegrade.export-state", "version": 1}')
    judged = supervisor.judge(Verdict(), tmp_path, "mnist_dense")
    assert judged.status is Status.GRADER_ERROR
    assert "the checks could not run: FileFormatError" in judged.reason
    assert "missing key 'variables'" in judged.reason


def test_a_declared_package_the_grader_lacks_is_the_grader_s_failure():
    verdict = supervisor.with_absent_packages(Verdict(), ["sklearn"])
    assert verdict.status is Status.GRADER_ERROR
    assert "scikit-learn (`sklearn`)" in verdict.reason and "make install" in verdict.reason


def test_an_undeclared_package_is_named_for_review_and_graded_as_it_ran():
    verdict = supervisor.with_absent_packages(Verdict(), ["xgboost", "helpers"])
    assert verdict.status is Status.OK and verdict.missing_packages == ("xgboost", "helpers")
    assert supervisor.with_absent_packages(Verdict(), []) == Verdict()
