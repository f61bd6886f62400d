"""A corpus of submissions with known verdicts, written as edits of the reference solutions.

Each case starts from ``solutions/<assignment>.ipynb`` as a student would have it
(otter markers and tests removed), applies its edits (each must match exactly once,
so a changed reference fails loudly instead of silently testing something else),
and states the score it must get and the checks that must fail.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MNIST_FIT = "history = model.fit(X_train, y_train, epochs=10, validation_data=(X_test, y_test))"
ONE_EPOCH_FIT = MNIST_FIT.replace("epochs=10", "epochs=1")
CIFAR_FIT = MNIST_FIT
COMPILE = 'model.compile(optimizer="sgd", loss="categorical_crossentropy", metrics=["accuracy"])'


@dataclass(frozen=True)
class Case:
    name: str
    assignment: str
    description: str
    score: float
    failing: frozenset[str] = field(default_factory=frozenset)
    edits: tuple[tuple[str, str], ...] = ()


def _fails(*checks: str) -> frozenset[str]:
    return frozenset(checks)


def _after_fit(code: str) -> tuple[str, str]:
    return (MNIST_FIT, f"{MNIST_FIT}\n{code}")


def _one_epoch_then(code: str) -> tuple[str, str]:
    """Train for 1 epoch (as `mnist_one_epoch`), then run ``code``."""
    return (MNIST_FIT, f"{ONE_EPOCH_FIT}\n{code}")


def _layers(
    first: str, rest: str = 'Dense(16, activation="relu"),\n    Dense(10, activation="softmax"),'
) -> tuple[str, str]:
    old = (
        '    Dense(32, activation="relu"),\n'
        '    Dense(16, activation="relu"),\n'
        '    Dense(10, activation="softmax"),'
    )
    return (old, f"    {first}\n    {rest}")


NOT_TRAINED = _fails("history", "trained", "accuracy_full")

CASES: tuple[Case, ...] = (
    # --- correct submissions: full marks -------------------------------------------------
    Case("mnist_reference", "mnist_dense", "the reference solution", 13),
    Case(
        "mnist_input_shape_style",
        "mnist_dense",
        "input_shape= on the first Dense instead of an Input layer",
        13,
        edits=(
            ("    Input(shape=(784,)),\n", ""),
            ('Dense(32, activation="relu"),', 'Dense(32, activation="relu", input_shape=(784,)),'),
        ),
    ),
    Case(
        "mnist_keras_imports",
        "mnist_dense",
        "`import keras` instead of tensorflow.keras",
        13,
        edits=(
            (
                "from tensorflow.keras.models import Sequential\n"
                "from tensorflow.keras.layers import Dense, Input",
                "import keras\nfrom keras import Sequential, Input\nfrom keras.layers import Dense",
            ),
        ),
    ),
    Case(
        "mnist_activation_objects",
        "mnist_dense",
        "activation functions instead of strings",
        13,
        edits=(
            ('Dense(32, activation="relu"),', "Dense(32, activation=keras.activations.relu),"),
            (
                'Dense(10, activation="softmax"),',
                "Dense(10, activation=keras.activations.softmax),",
            ),
        ),
    ),
    Case(
        "mnist_different_seed",
        "mnist_dense",
        "the student seeds Keras with their own seed",
        13,
        edits=(("model = Sequential([", "keras.utils.set_random_seed(7)\nmodel = Sequential(["),),
    ),
    Case(
        "mnist_extra_cells",
        "mnist_dense",
        "extra harmless cells: prints and plots",
        13,
        edits=(
            _after_fit(
                "print(model.count_params(), history.history['val_accuracy'][-1])\n"
                "plt.hist(X_train[0], bins=20)\nplt.show()"
            ),
        ),
    ),
    # --- preprocessing mistakes ----------------------------------------------------------
    Case(
        "mnist_no_flatten",
        "mnist_dense",
        "images left as 28x28 grids",
        7,
        _fails("flattened", "matches_dataset") | NOT_TRAINED,
        edits=(
            ("X_train = X_train.reshape(X_train.shape[0], 784)\n", ""),
            ("X_test = X_test.reshape(X_test.shape[0], 784)\n", ""),
        ),
    ),
    Case(
        "mnist_no_scaling",
        "mnist_dense",
        "pixel values left at 0..255",
        9,
        _fails("scaled", "matches_dataset", "accuracy_full"),
        edits=(
            ('X_train = X_train.astype("float32") / 255', 'X_train = X_train.astype("float32")'),
            ('X_test = X_test.astype("float32") / 255', 'X_test = X_test.astype("float32")'),
        ),
    ),
    Case(
        "mnist_scaled_twice",
        "mnist_dense",
        "divided by 255 twice",
        8,
        _fails("scaled", "matches_dataset", "trained", "accuracy_full"),
        edits=(
            (
                'X_train = X_train.astype("float32") / 255',
                'X_train = X_train.astype("float32") / 255 / 255',
            ),
            (
                'X_test = X_test.astype("float32") / 255',
                'X_test = X_test.astype("float32") / 255 / 255',
            ),
        ),
    ),
    Case(
        "mnist_integer_labels",
        "mnist_dense",
        "labels left as integers",
        7,
        _fails("one_hot", "matches_dataset") | NOT_TRAINED,
        edits=(
            ("y_train = keras.utils.to_categorical(y_train, 10)\n", ""),
            ("y_test = keras.utils.to_categorical(y_test, 10)\n", ""),
        ),
    ),
    Case(
        "mnist_eleven_columns",
        "mnist_dense",
        "one-hot labels with 11 columns",
        8,
        _fails("one_hot") | NOT_TRAINED,
        edits=(
            ("to_categorical(y_train, 10)", "to_categorical(y_train, 11)"),
            ("to_categorical(y_test, 10)", "to_categorical(y_test, 11)"),
        ),
    ),
    Case(
        "mnist_flatten_inside",
        "mnist_dense",
        "arrays left as 28x28; the model flattens them with a Flatten layer",
        11,
        _fails("flattened", "matches_dataset"),
        edits=(
            ("X_train = X_train.reshape(X_train.shape[0], 784)\n", ""),
            ("X_test = X_test.reshape(X_test.shape[0], 784)\n", ""),
            (
                "    Input(shape=(784,)),\n",
                "    Input(shape=(28, 28)),\n    keras.layers.Flatten(),\n",
            ),
        ),
    ),
    # --- model mistakes ------------------------------------------------------------------
    Case(
        "mnist_wrong_sizes",
        "mnist_dense",
        "hidden layers of 64 and 32 units",
        10,
        _fails("architecture", "input_size"),
        edits=(
            _layers(
                'Dense(64, activation="relu"),',
                'Dense(32, activation="relu"),\n    Dense(10, activation="softmax"),',
            ),
        ),
    ),
    Case(
        "mnist_sigmoid_output",
        "mnist_dense",
        "sigmoid instead of softmax on the output",
        10,
        _fails("architecture", "predicts_probabilities"),
        edits=(('Dense(10, activation="softmax"),', 'Dense(10, activation="sigmoid"),'),),
    ),
    Case(
        "mnist_relu_missing",
        "mnist_dense",
        "no activation on the first hidden layer",
        11,
        _fails("architecture"),
        edits=(('Dense(32, activation="relu"),', "Dense(32),"),),
    ),
    Case(
        "mnist_missing_layer",
        "mnist_dense",
        "the 16-unit layer left out",
        10,
        _fails("architecture", "input_size"),
        edits=(('    Dense(16, activation="relu"),\n', ""),),
    ),
    Case(
        "mnist_extra_layer",
        "mnist_dense",
        "an extra 16-unit relu layer",
        10,
        _fails("architecture", "input_size"),
        edits=(
            (
                '    Dense(16, activation="relu"),\n',
                '    Dense(16, activation="relu"),\n    Dense(16, activation="relu"),\n',
            ),
        ),
    ),
    # --- compile and training mistakes ---------------------------------------------------
    Case(
        "mnist_adam",
        "mnist_dense",
        "adam instead of sgd",
        12,
        _fails("compiled"),
        edits=((COMPILE, COMPILE.replace('"sgd"', '"adam"')),),
    ),
    Case(
        "mnist_mse_loss",
        "mnist_dense",
        "mean squared error instead of cross-entropy",
        10,
        _fails("compiled", "accuracy_full"),
        edits=((COMPILE, COMPILE.replace('"categorical_crossentropy"', '"mse"')),),
    ),
    Case(
        "mnist_one_epoch",
        "mnist_dense",
        "trained for 1 epoch",
        9,
        _fails("history", "trained", "accuracy_full"),
        edits=((MNIST_FIT, ONE_EPOCH_FIT),),
    ),
    Case(
        "mnist_trained_on_test",
        "mnist_dense",
        "trained on the test set",
        10,
        _fails("trained", "accuracy_full"),
        edits=((MNIST_FIT, MNIST_FIT.replace("fit(X_train, y_train", "fit(X_test, y_test")),),
    ),
    Case(
        "mnist_test_mixed_in",
        "mnist_dense",
        "test images added to the training set",
        10,
        _fails("trained", "accuracy_full"),
        edits=(
            (
                MNIST_FIT,
                MNIST_FIT.replace(
                    "fit(X_train, y_train",
                    "fit(np.concatenate([X_train, X_test]), np.concatenate([y_train, y_test])",
                ),
            ),
        ),
    ),
    Case(
        "mnist_small_subset",
        "mnist_dense",
        "trained on the first 3,000 images",
        10,
        _fails("trained", "accuracy_full"),
        edits=(
            (
                MNIST_FIT,
                MNIST_FIT.replace("fit(X_train, y_train", "fit(X_train[:3000], y_train[:3000]"),
            ),
        ),
    ),
    # --- attempts to fool the grader -----------------------------------------------------
    Case(
        "mnist_fabricated_history",
        "mnist_dense",
        "1 epoch, then history edited to claim 10 epochs at 0.99",
        9,
        _fails("trained", "history", "accuracy_full"),
        edits=(
            _one_epoch_then(
                "for key in list(history.history):\n"
                "    history.history[key] = [0.99] * 10\n"
                "history.params['epochs'] = 10"
            ),
        ),
    ),
    Case(
        "mnist_monkeypatched_evaluate",
        "mnist_dense",
        "1 epoch, then evaluate, predict and np.argmax patched to claim perfect answers",
        9,
        _fails("history", "trained", "accuracy_full"),
        edits=(
            _one_epoch_then(
                "_truth = y_test.copy()\n"
                "keras.Model.evaluate = lambda self, *a, **k: [0.0, 1.0]\n"
                "keras.Model.predict = lambda self, x, *a, **k: _truth[: len(x)]\n"
                "np.argmax = lambda *a, **k: np.zeros(10, dtype=int)"
            ),
        ),
    ),
    Case(
        "mnist_hardcoded_predictions",
        "mnist_dense",
        "no training; predictions hard-coded from the test labels",
        9,
        _fails("history", "trained", "accuracy_full"),
        edits=((MNIST_FIT, "history = None\npredictions = y_test.copy()"),),
    ),
    Case(
        "mnist_model_replaced",
        "mnist_dense",
        "a fresh, untrained copy of the network submitted after training",
        10,
        _fails("trained", "accuracy_full"),
        edits=(
            _after_fit(
                "model = keras.models.clone_model(model)\n"
                "model.compile(optimizer='sgd', loss='categorical_crossentropy',\n"
                "              metrics=['accuracy'])"
            ),
        ),
    ),
    # --- CIFAR-10 -------------------------------------------------------------------------
    Case("cifar10_reference", "cifar10_dense", "the reference solution", 13),
    Case(
        "cifar10_no_flatten",
        "cifar10_dense",
        "images left as 32x32x3",
        7,
        _fails(
            "flattened",
            "matches_dataset",
            "history",
            "trained",
            "accuracy_partial",
            "accuracy_full",
        ),
        edits=(
            ("X_train = X_train.reshape(X_train.shape[0], 3072)\n", ""),
            ("X_test = X_test.reshape(X_test.shape[0], 3072)\n", ""),
        ),
    ),
    Case(
        "cifar10_trained_on_test",
        "cifar10_dense",
        "trained on the 1,000 test images",
        10,
        _fails("trained", "accuracy_partial", "accuracy_full"),
        edits=((CIFAR_FIT, CIFAR_FIT.replace("fit(X_train, y_train", "fit(X_test, y_test")),),
    ),
)
