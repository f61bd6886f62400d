"""What an instructor writes is checked where it is read: settings, own data sets, the
scaffold's arguments, stale thresholds. Each refusal names the file and writes nothing."""

from __future__ import annotations

import dataclasses
import shutil
import tomllib

import nbformat
import numpy as np
import pytest

from autograder import data
from autograder.authoring import new
from autograder.authoring.settings import SettingsError, read_settings, write_calibrated
from autograder.authoring.spec import (
    SpecError,
    calibration_problem,
    read_spec,
    served_name,
    training_fingerprint,
)
from autograder.contracts.assignments import get_assignment
from tests.authoring.own_data import write_strokes

SETTINGS = """\
# my course's settings
dataset = "mnist"

[thresholds]
full_credit_accuracy = 0.9  # what the rule gave
calibrated_for = "abc"
"""


def settings_file(tmp_path, text: str):
    (tmp_path / "hw.ipynb").write_text("{}")
    (tmp_path / "hw.toml").write_text(text)
    return tmp_path / "hw.ipynb"


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (SETTINGS.replace('dataset = "mnist"', 'datset = "mnist"'), "unknown keys datset"),
        (SETTINGS.replace("0.9  #", "1.5  #"), "full_credit_accuracy = 1.5"),
        (SETTINGS.replace("0.9  #", "nan  #"), "between 0 and 1"),
        (SETTINGS.replace("[thresholds]", "[thresolds]"), "unknown keys thresolds"),
        ('dataset = "mnist"\n', "a [thresholds] table is needed"),
        (SETTINGS.replace('dataset = "mnist"', "lesson_code = 1\ndataset = 'mnist'"), "true or"),
        (SETTINGS + "set_by_hand = 1\n", "set_by_hand true or false"),
        ("dataset = [", "not valid TOML"),
    ],
)
def test_a_settings_file_is_refused_with_the_key_named(tmp_path, text, said):
    master = settings_file(tmp_path, text)
    with pytest.raises(SettingsError, match="hw.toml") as refused:
        read_settings(master)
    assert said in str(refused.value)


def test_missing_settings_name_the_file_to_write(tmp_path):
    (tmp_path / "hw.ipynb").write_text("{}")
    with pytest.raises(SettingsError, match="hw.toml is missing"):
        read_settings(tmp_path / "hw.ipynb")


def test_calibration_writes_its_thresholds_and_keeps_the_comments(tmp_path):
    master = settings_file(
        tmp_path, SETTINGS + "partial_credit_accuracy = 0.5\nset_by_hand = true\n"
    )
    write_calibrated(master, full_credit=0.87, partial_credit=None, fingerprint="f00d")
    text = (tmp_path / "hw.toml").read_text()
    assert text.startswith("# my course's settings") and "# what the rule gave" in text
    table = tomllib.loads(text)["thresholds"]
    assert table == {"full_credit_accuracy": 0.87, "calibrated_for": "f00d"}
    assert read_settings(master).thresholds.full_credit == 0.87


@pytest.mark.parametrize(
    ("arrays", "said"),
    [
        ({"x_train": np.zeros((2, 3, 3), np.uint8)}, "lacks the arrays y_train, x_test, y_test"),
        ({"x_train": np.zeros((2, 3, 3)), "x_test": np.zeros((1, 3, 3))}, "uint8 pixels"),
        ({"y_train": np.zeros((2, 2), int)}, "one integer class label per image"),
        ({"y_train": np.zeros(2, float)}, "one integer class label per image"),
        ({"y_test": -np.ones(1, int)}, "negative labels"),
        ({"y_train": np.zeros(3, int)}, "x_train and y_train have different lengths"),
        ({"x_test": np.zeros((1, 4, 4), np.uint8)}, "differ in shape"),
    ],
)
def test_an_own_data_set_that_cannot_be_graded_is_refused_naming_it(tmp_path, arrays, said):
    good = {
        "x_train": np.zeros((2, 3, 3), np.uint8),
        "y_train": np.zeros(2, np.uint8),
        "x_test": np.zeros((1, 3, 3), np.uint8),
        "y_test": np.zeros(1, np.uint8),
    }
    if "lacks" in said:
        good = {}
    np.savez(tmp_path / "mine.npz", **{**good, **arrays})
    with pytest.raises(data.DatasetError, match="mine.npz") as refused:
        data.read_npz(tmp_path / "mine.npz")
    assert said in str(refused.value)


def test_a_file_that_is_not_an_npz_is_refused(tmp_path):
    (tmp_path / "mine.npz").write_text("not a zip")
    with pytest.raises(data.DatasetError, match="not a readable .npz"):
        data.read_npz(tmp_path / "mine.npz")


@pytest.mark.parametrize(
    ("dataset", "said"),
    [
        ("missing.npz", "there is no file"),
        ("svhn", "unknown data set 'svhn'; known: cifar10, cifar100, fashion_mnist, mnist"),
    ],
)
def test_the_settings_data_set_is_checked_where_it_is_read(tmp_path, dataset, said):
    master = settings_file(tmp_path, SETTINGS.replace('"mnist"', f'"{dataset}"'))
    with pytest.raises(SpecError, match="hw.toml") as refused:
        served_name(read_settings(master))
    assert said in str(refused.value)


def test_an_own_data_set_is_served_from_its_path_while_authoring(tmp_path):
    write_strokes(tmp_path / "strokes.npz", train=30, test=9)
    master = settings_file(tmp_path, SETTINGS.replace('"mnist"', '"strokes.npz"'))
    served = served_name(read_settings(master))
    (x_train, _), (x_test, y_test) = data.read_only_data(served)
    assert x_train.shape == (30, 10, 10) and len(y_test) == 9
    assert data.spec_for(served).classes == ("horizontal", "vertical", "diagonal")


def test_thresholds_calibrated_for_another_spec_are_refused_naming_the_command():
    spec = get_assignment("mnist_dense")
    assert calibration_problem(spec, "s.toml") is None
    changed = dataclasses.replace(spec, epochs=5)
    assert training_fingerprint(changed) != training_fingerprint(spec)
    problem = calibration_problem(changed, "s.toml")
    assert "changed since its thresholds were calibrated" in problem
    assert "densegrade calibrate mnist_dense" in problem and "set_by_hand = true" in problem
    by_hand = dataclasses.replace(
        changed, thresholds=dataclasses.replace(spec.thresholds, set_by_hand=True)
    )
    assert calibration_problem(by_hand, "s.toml") is None
    above = dataclasses.replace(
        by_hand, thresholds=dataclasses.replace(by_hand.thresholds, partial_credit=0.95)
    )
    assert "partial_credit_accuracy (0.95) must be below" in calibration_problem(above, "s.toml")


@pytest.fixture
def project(tmp_path, project_root):
    shutil.copytree(project_root / "solutions", tmp_path / "solutions")
    return tmp_path


@pytest.mark.parametrize(
    ("name", "source", "said"),
    [
        ("My-HW", "mnist_dense", "lower case letters"),
        ("cifar10_dense", "mnist_dense", "exist already"),
        ("hw", "fashion", "no reference"),
    ],
)
def test_the_scaffold_refuses_what_it_cannot_make_and_writes_nothing(project, name, source, said):
    before = sorted(p.name for p in (project / "solutions").iterdir())
    with pytest.raises(new.ScaffoldError, match=said):
        new.scaffold(project, name, source)
    assert sorted(p.name for p in (project / "solutions").iterdir()) == before


def test_the_scaffold_follows_the_data_set_it_is_given(project):
    write_strokes(project / "solutions" / "strokes.npz", train=30, test=9)
    written = new.scaffold(project, "strokes_hw", "mnist_dense", "strokes.npz")
    assert [path.name for path in written] == ["strokes_hw.ipynb", "strokes_hw.toml"]
    code = "\n".join(c.source for c in nbformat.read(written[0], as_version=4).cells)
    assert 'np.load("strokes.npz")' in code and "mnist.load_data()" not in code
    assert "reshape(X_train.shape[0], 100)" in code and "to_categorical(y_train, 3)" in code
    assert 'Dense(3, activation="softmax")' in code and "reshape(10, 10)" in code
    assert '"strokes_hw")' in code and "mnist_dense" not in code
    settings = read_settings(written[0])
    assert settings.dataset == "strokes.npz" and settings.thresholds.calibrated_for == ""
    assert settings.lesson_code is True  # as mnist_dense's


def test_a_keras_set_without_published_digests_is_verified_against_the_recorded_ones(
    tmp_path, monkeypatch
):
    """Fashion-MNIST offline: served as its build read it; a changed copy is refused."""
    folder = tmp_path / "data" / "fashion_mnist"
    folder.mkdir(parents=True)
    x, y = np.arange(2 * 28 * 28, dtype=np.uint8).reshape(2, 28, 28), np.array([0, 9], np.uint8)
    np.savez(folder / "fashion_mnist.npz", x_train=x, y_train=y, x_test=x, y_test=y)
    monkeypatch.setenv(data.DATA_DIR_ENV, str(tmp_path / "data"))
    data._cached_arrays.cache_clear()
    try:
        recorded = data.dataset_sha256("fashion_mnist")  # what a build records
        spec = dataclasses.replace(data.DATASETS["fashion_mnist"], sha256=recorded)
        data.verify_arrays(spec, dict(x_train=x, y_train=y, x_test=x, y_test=y), "copy")
        with pytest.raises(data.DatasetError, match="failed verification: array 'y_test'"):
            data.verify_arrays(spec, dict(x_train=x, y_train=y, x_test=x, y_test=y[::-1]), "copy")
    finally:
        data._cached_arrays.cache_clear()


@pytest.mark.notebook
def test_a_scaffold_from_cifar10_runs_on_an_own_data_set_with_integer_labels(project, data_dir):
    """CIFAR-10's notebook indexes labels of shape (N, 1) and names its classes: the
    scaffold keeps both working on labels of shape (N,) and the file's class names."""
    write_strokes(project / "solutions" / "strokes.npz", train=300, test=90)
    master, _ = new.scaffold(project, "strokes_rgb", "cifar10_dense", "strokes.npz")
    code = "\n".join(c.source for c in nbformat.read(master, as_version=4).cells)
    assert "class_names = ['horizontal', 'vertical', 'diagonal']" in code
    assert "y_train, y_test = y_train.reshape(-1, 1), y_test.reshape(-1, 1)" in code
    prose = "\n".join(c.source for c in nbformat.read(master, as_version=4).cells)
    assert "32x32x3" not in prose and "3072" not in prose
    spec = read_spec(master, read_settings(master))  # the reference runs to its fit
    assert spec.image_shape == (10, 10) and spec.layers[-1].units == 3


def test_a_partial_credit_test_without_its_threshold_is_refused(tmp_path):
    from autograder.authoring.build import BuildError, check_partial_credit

    (tmp_path / "evaluation.py").write_text('check_accuracy(model, h, f, "x", level="partial")')
    spec = get_assignment("cifar10_dense")
    check_partial_credit(spec, tmp_path, tmp_path / "x.ipynb")  # it has one: fine
    without = dataclasses.replace(
        spec, thresholds=dataclasses.replace(spec.thresholds, partial_credit=None)
    )
    with pytest.raises(BuildError, match="sets no partial_credit_accuracy"):
        check_partial_credit(without, tmp_path, tmp_path / "x.ipynb")


def test_a_scaffold_keeps_a_partial_line_where_the_source_s_tests_ask_for_one(project):
    write_strokes(project / "solutions" / "strokes.npz", train=30, test=9)
    _, settings = new.scaffold(project, "strokes_rgb", "cifar10_dense", "strokes.npz")
    assert read_settings(settings.with_suffix(".ipynb")).thresholds.partial_credit == 0.3
