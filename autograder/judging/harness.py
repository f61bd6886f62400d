"""Judge an export: run a bundle's otter test files on the rebuilt variables.

The bundle's own test files run here, so the public and hidden checks, their
points and their code are exactly those of the bundle; the training facts judged
from the export are provided to them (:func:`training_record.provided`), and every
check's full outcome is collected (:func:`outcome.collecting`), passing ones included,
under the name of the test case that required it (:func:`outcome.running_case`). A case
that raised before requiring an outcome keeps otter's own message.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from autograder.checks.hidden.training import TrainingFacts
from autograder.checks.outcome import collecting, running_case
from autograder.contracts.bundle import autograded_questions, bundle_dir
from autograder.contracts.otter_format import load_test_file
from autograder.contracts.results import CheckResult, split_failure_message
from autograder.judging import evidence, rebuild, training_record
from autograder.judging.verdicts import Judgement


def judge_export(export_dir: Path, assignment: str) -> Judgement:
    """Every check's result, the training facts and the reports' evidence for an export;
    a malformed export raises (:class:`~autograder.contracts.typed_files.FileFormatError`)."""
    state = rebuild.read_state(export_dir)
    env = rebuild.rebuild_variables(state, export_dir)
    signatures = rebuild.read_signatures(export_dir)
    model = rebuild.exported_model(state)
    facts = training_record.facts_from_records(state.fits, signatures, model, assignment)
    return Judgement(
        checks=tuple(run_bundle_tests(env, facts, assignment)),
        training_facts=facts,
        evidence=evidence.collect(env, assignment),
    )


def run_bundle_tests(
    env: dict[str, Any], facts: TrainingFacts, assignment: str
) -> list[CheckResult]:
    """Run the bundle's otter test files against ``env``; one result per test case."""
    results = []
    for question in autograded_questions(assignment):
        test_file = load_test_file(bundle_dir(assignment) / "tests" / f"{question}.py")
        for case in test_file.test_cases:  # each outcome is named by the case that required it
            case.body.test_func = running_case(case.name, case.body.test_func)
        with training_record.provided(facts), collecting() as outcomes:
            test_file.run(env)
        for result in test_file.test_case_results:
            results.append(_judged(question, result, outcomes.get(result.test_case.name)))
    return results


def _judged(question: str, result: Any, outcome: Any) -> CheckResult:
    """One test case's result, with the check's own words when it reported them."""
    case, passed = result.test_case, bool(result.passed)
    message, raw = split_failure_message(result.message or "", passed)
    points = float(case.points or 0)
    return CheckResult(
        question=question,
        check=case.name,
        points=points if passed else 0.0,
        max_points=points,
        passed=passed,
        hidden=bool(case.hidden),
        message=outcome.message if outcome else message,
        detail="\n".join(part for part in (outcome.detail if outcome else "", raw) if part),
        review=outcome.review if outcome else "",
    )
