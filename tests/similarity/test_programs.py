"""Canonical statements: one program, however it is written, is one set of statements."""

from __future__ import annotations

import pytest

from autograder.corpus.disguises import SOURCE, SOURCE_AFTER_FIT
from autograder.corpus.integrity import DISGUISES
from autograder.similarity.programs import canonical_statements, statement_marks


def answer(answers: tuple, after: str) -> str:
    return "\n".join(code for _, code in answers) + "\n" + after


@pytest.mark.parametrize("disguise", sorted(DISGUISES))
def test_each_disguise_keeps_the_sources_statements(disguise):
    source = statement_marks(answer(SOURCE, SOURCE_AFTER_FIT))
    copy = statement_marks(answer(*DISGUISES[disguise]))
    assert len(source & copy) >= len(source) - 1, sorted(source ^ copy)


@pytest.mark.parametrize(
    "first, second",
    [
        ("model = Sequential([Dense(32, activation='relu'), Dense(10)])",
         "m = Sequential()\nm.add(Dense(units=32, activation='relu'))\nm.add(Dense(10))"),
        ("model.add(Dense(32, 'relu', input_shape=(784,)))",
         "model.add(keras.Input(shape=(784,)))\nmodel.add(Dense(activation='relu', units=32))"),
        ("model.add(Dense(32, input_dim=784))", "model.add(Input((784,)))\nmodel.add(Dense(32))"),
        ("import tensorflow as tf\nL = tf.keras.layers\nx = L.Dense(8)",
         "from tensorflow.keras.layers import Dense as D\ny = D(8)"),
        ("x = x.astype(np.float32) / 255", "x = x.astype('float32') / 255.0"),
        ("x /= 255", "x = x / 255"),
        ("def f(a):\n    return a.reshape(-1, 784)\nX_train = f(X_train)",
         "X_train = X_train.reshape(-1, 784)\nf(X_train)"),
        ("model.fit(X_train, y_train, epochs=10, batch_size=32)",
         "model.fit(x=X_train, batch_size=32, y=y_train, epochs=10)"),
    ],
)  # fmt: skip
def test_the_same_program_written_two_ways_is_one_set(first, second):
    assert set(canonical_statements(first)) - {"v(v)"} == set(canonical_statements(second)) - {
        "v(v)"
    }


def test_different_programs_stay_different():
    assert statement_marks("m.add(Dense(32))") != statement_marks("m.add(Dense(16))")
    assert statement_marks("m.compile(optimizer='sgd')") != statement_marks(
        "m.compile(optimizer='adam')"
    )


def test_what_says_nothing_is_left_out():
    code = "import numpy as np\nprint(X_train.shape)\nX_train.shape\nmodel.summary()\na, b = c, d"
    assert canonical_statements(code) == []


def test_code_that_does_not_parse_counts_paragraph_by_paragraph():
    code = "%matplotlib inline\nx = a.reshape(-1, 784)\n\nthis is not python (\n\ny = f(2)"
    assert canonical_statements(code) == ["reshape(-1.0, 784.0)", "v(2.0)"]
