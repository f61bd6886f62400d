"""What the grading pool hands a supervisor: one submission's job, as JSON."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

EXECUTED_NOTEBOOK = "executed.ipynb"  # in the private folder: the pool keeps it for TAs


@dataclass
class Job:
    """One submission for a supervisor: where its files are, its limits, its sandbox."""

    notebook: str  # a private copy of the submission
    assignment: str
    workdir: str  # the submission's fresh folder, owned by the sandbox user
    private_dir: str  # the grader's folder for this submission (spec, kernel spec, verdict)
    verdict: str
    limits: dict
    uid: int | None
    hide: list[str] = field(default_factory=list)
    keep: list[str] = field(default_factory=list)

    def write(self, path: Path) -> Path:
        path.write_text(json.dumps(asdict(self)), encoding="utf-8")
        return path

    @classmethod
    def read(cls, path: Path) -> Job:
        return cls(**json.loads(path.read_text(encoding="utf-8")))
