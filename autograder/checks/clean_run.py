"""Run every check of a bundle in a clean process, on what a grading kernel exported.

``python -m autograder.checks.clean_run EXPORT_DIR ASSIGNMENT RESULT_JSON``

The student's kernel is gone by now: the model is rebuilt from its saved
architecture and weights (``safe_mode``: no student code is deserialised), the
arrays are read back, and ``history`` is rebuilt with the training records
attached. The bundle's own otter test files then run here, so the public and
hidden checks, their points and their code are exactly those of the bundle.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from autograder.assignments import get_assignment
from autograder.build import QUESTIONS_FILE
from autograder.checks.outcome import Unavailable
from autograder.checks.provenance import TrainingFacts, facts_from_records
from autograder.execution.export import MODEL_FILE, SIGNATURES_FILE, STATE_FILE


class RebuiltHistory:
    """What ``fit`` returned, as recorded when it returned, beside what the notebook kept."""

    def __init__(self, values: dict, params: dict | None, reported: dict) -> None:
        self.history = values
        self.params = params or {}
        self.epoch = list(range(len(values.get("loss", []))))
        self.reported = reported  # what the notebook's history held at the end


def load_environment(export_dir: Path, assignment: str) -> dict[str, Any]:
    """The notebook variables the checks take, as a clean process sees them."""
    state = json.loads((export_dir / STATE_FILE).read_text(encoding="utf-8"))
    env: dict[str, Any] = {
        name: _array(name, info, export_dir) for name, info in state["variables"].items()
    }
    env["model"] = _model(state["model"], export_dir)
    facts = _training_facts(state, export_dir, assignment)
    if hasattr(env["model"], "layers"):
        env["model"].densegrade_training_facts = facts  # what the checks judge training by
    env["history"] = _history(state)
    return env


def _placeholder_or_missing(info: dict[str, Any], variable: str) -> Any:
    if info["status"] == "placeholder":
        return Ellipsis
    if info["status"] == "missing":
        return None
    return Unavailable(f"`{variable}` is a {info.get('type', 'value')} the grader cannot use.")


def _array(name: str, info: dict[str, Any], export_dir: Path) -> Any:
    if info["status"] != "ok":
        return _placeholder_or_missing(info, name)
    pieces = [np.load(export_dir / file, allow_pickle=False) for file in info["files"]]
    return pieces[0] if len(pieces) == 1 else np.concatenate(pieces)


def _model(info: dict[str, Any], export_dir: Path) -> Any:
    if info["status"] == "unsaveable":
        return Unavailable(
            "`model` could not be saved for grading, so it cannot be checked "
            f"({info.get('error', 'unknown error')}). Use only standard Keras layers."
        )
    if info["status"] != "ok":
        return _placeholder_or_missing(info, "model")
    import keras

    try:
        return keras.saving.load_model(export_dir / MODEL_FILE, safe_mode=True)
    except Exception as error:
        return Unavailable(
            f"`model` could not be rebuilt from its saved form ({type(error).__name__}: "
            f"{error}). Use only standard Keras layers."
        )


def _training_facts(state: dict[str, Any], export_dir: Path, assignment: str) -> TrainingFacts:
    with np.load(export_dir / SIGNATURES_FILE) as saved:
        signatures = {int(key.split("_")[1]): saved[key] for key in saved.files}
    return facts_from_records(state["fits"], signatures, state["model"], assignment)


def _history(state: dict[str, Any]) -> Any:
    info = state["history"]
    if info["status"] != "ok":
        return _placeholder_or_missing(info, "history")
    returned = [fit for fit in state["fits"] if fit["history_id"] == info["id"]]
    if not returned:
        return Unavailable(
            "`history` is not what `model.fit(...)` returned: keep the object that `fit` "
            "gives back. Revisit 'Train the model'."
        )
    # Judge what training produced, not what the notebook may have written into it since.
    record = returned[-1]
    return RebuiltHistory(record["history_snapshot"], record["params_snapshot"], info["values"])


def run_bundle_tests(env: dict[str, Any], assignment: str) -> list[dict[str, Any]]:
    """Run the bundle's otter test files against ``env``; one dict per test case."""
    from otter.test_files.exception_test import ExceptionTestFile

    from autograder.checks import outcome as check_outcomes

    outcomes = []
    bundle = get_assignment(assignment).bundle_dir
    order = json.loads((bundle / QUESTIONS_FILE).read_text(encoding="utf-8"))
    for path in [bundle / "tests" / f"{question}.py" for question in order]:
        test_file = ExceptionTestFile.from_file(str(path))
        check_outcomes.RECORDED.clear()
        test_file.run(env)
        for result in test_file.test_case_results:
            case = result.test_case
            recorded = check_outcomes.RECORDED.get(case.name)
            outcomes.append(
                {
                    "message": recorded.message if recorded else None,
                    "detail": recorded.detail if recorded else "",
                    "review": recorded.review if recorded else "",
                    "question": test_file.name,
                    "check": case.name,
                    "max_points": float(case.points or 0),
                    "passed": bool(result.passed),
                    "hidden": bool(case.hidden),
                    "raw_message": result.message or "",
                }
            )
    return outcomes


def judge_export(export_dir: Path, assignment: str) -> dict[str, Any]:
    """Every check's outcome, the training facts and the reports' evidence for an export."""
    from autograder.checks import evidence

    env = load_environment(export_dir, assignment)
    facts = getattr(env["model"], "densegrade_training_facts", None)
    return {
        "checks": run_bundle_tests(env, assignment),
        "training_facts": asdict(facts) if facts is not None else None,
        "evidence": evidence.collect(env, assignment),
    }


def main(argv: list[str] | None = None) -> int:
    export_dir, assignment, result_path = (argv or sys.argv[1:])[:3]
    payload = judge_export(Path(export_dir), assignment)
    Path(result_path).write_text(json.dumps(payload, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
