import pytest

from autograder.checks import clean_run
from autograder.checks.outcome import Unavailable

pytestmark = pytest.mark.notebook


@pytest.fixture(scope="module")
def environment(small_execution):
    return clean_run.load_environment(small_execution.export_dir, "mnist_dense")


def test_the_environment_is_rebuilt_outside_the_kernel(environment):
    import keras

    assert environment["X_train"].shape == (50, 784)
    assert isinstance(environment["model"], keras.Model)
    assert environment["model"].count_params() == 7850
    history = environment["history"]
    assert len(history.history["loss"]) == 2 and history.params["epochs"] == 2
    assert history.reported == history.history  # nothing edited it after training
    facts = environment["model"].densegrade_training_facts
    assert facts.fits == 1 and facts.weights_match_training
    assert not facts.inputs_known and facts.unknown_rows == 50  # random images are not MNIST


def test_the_bundle_checks_run_in_notebook_order(environment):
    outcomes = clean_run.run_bundle_tests(environment, "mnist_dense")
    questions = list(dict.fromkeys(outcome["question"] for outcome in outcomes))
    assert questions == ["preprocessing", "model", "compile", "training", "evaluation"]
    by_check = {outcome["check"]: outcome for outcome in outcomes}
    assert by_check["flattened"]["passed"] and by_check["compiled"]["passed"]
    assert not by_check["matches_dataset"]["passed"]
    architecture = by_check["architecture"]
    assert not architecture["passed"] and "expected 3 layers, found 1" in architecture["message"]
    assert "records 2 epochs" in by_check["history"]["message"]
    trained = by_check["trained"]  # random rows are no MNIST image: a TA looks, nobody is accused
    assert trained["passed"] and "match no image of the data set" in trained["review"]


def test_unusable_values_explain_themselves(tmp_path):
    info = {"status": "unsupported", "type": "str"}
    value = clean_run._placeholder_or_missing(info, "X_train")
    assert isinstance(value, Unavailable) and "`X_train` is a str" in value.message
    assert clean_run._placeholder_or_missing({"status": "placeholder"}, "model") is Ellipsis
