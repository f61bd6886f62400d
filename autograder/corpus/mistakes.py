"""One mistake at a time: in preprocessing, the model, compiling or training."""

from __future__ import annotations

from autograder.corpus.answers import STUDENT_PREPROCESSING, student
from autograder.corpus.case import (
    COMPILE,
    MNIST_FIT,
    NOT_TRAINED,
    ONE_EPOCH_FIT,
    Case,
    fails,
    replace_layers,
)

MISTAKES: tuple[Case, ...] = (
    # --- preprocessing mistakes ----------------------------------------------------------
    Case(
        "mnist_no_flatten_fit_fails",
        "mnist_dense",
        "images left as 28x28 grids for a 784-input model: `fit` raises, nothing is trained",
        8,
        fails("flattened") | NOT_TRAINED,
        edits=(
            ("X_train = X_train.reshape(X_train.shape[0], 784)\n", ""),
            ("X_test = X_test.reshape(X_test.shape[0], 784)\n", ""),
        ),
    ),
    Case(
        "mnist_no_scaling",
        "mnist_dense",
        "pixel values left at 0..255",
        10,
        fails("scaled", "accuracy_full"),
        edits=(
            ('X_train = X_train.astype("float32") / 255', 'X_train = X_train.astype("float32")'),
            ('X_test = X_test.astype("float32") / 255', 'X_test = X_test.astype("float32")'),
        ),
    ),
    Case(
        "mnist_scaled_twice",
        "mnist_dense",
        "divided by 255 twice",
        10,
        fails("scaled", "accuracy_full"),
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
        "mnist_integer_division",
        "mnist_dense",
        "pixels divided with // (only 255 becomes 1): the model trains on other images",
        10,
        fails("scaled", "accuracy_full"),
        answers=student(
            preprocessing=STUDENT_PREPROCESSING.replace('.astype("float32") / 255.0', " // 255")
        ),
    ),
    Case(
        "mnist_integer_labels_fit_fails",
        "mnist_dense",
        "labels left as integers with categorical cross-entropy: `fit` raises",
        8,
        fails("one_hot") | NOT_TRAINED,
        edits=(
            ("y_train = keras.utils.to_categorical(y_train, 10)\n", ""),
            ("y_test = keras.utils.to_categorical(y_test, 10)\n", ""),
        ),
    ),
    Case(
        "mnist_eleven_columns_fit_fails",
        "mnist_dense",
        "one-hot labels with 11 columns for 10 outputs: `fit` raises",
        8,
        fails("one_hot") | NOT_TRAINED,
        edits=(
            ("to_categorical(y_train, 10)", "to_categorical(y_train, 11)"),
            ("to_categorical(y_test, 10)", "to_categorical(y_test, 11)"),
        ),
    ),
    Case(
        "mnist_flatten_inside",
        "mnist_dense",
        "arrays left as 28x28; the model flattens them with a Flatten layer",
        12,
        fails("flattened"),
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
        fails("architecture", "input_size"),
        edits=(
            replace_layers(
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
        fails("architecture", "predicts_probabilities"),
        edits=(('Dense(10, activation="softmax"),', 'Dense(10, activation="sigmoid"),'),),
    ),
    Case(
        "mnist_relu_missing",
        "mnist_dense",
        "no activation on the first hidden layer",
        11,
        fails("architecture"),
        edits=(('Dense(32, activation="relu"),', "Dense(32),"),),
    ),
    Case(
        "mnist_missing_layer",
        "mnist_dense",
        "the 16-unit layer left out",
        10,
        fails("architecture", "input_size"),
        edits=(('    Dense(16, activation="relu"),\n', ""),),
    ),
    Case(
        "mnist_extra_layer",
        "mnist_dense",
        "an extra 16-unit relu layer",
        10,
        fails("architecture", "input_size"),
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
        fails("compiled"),
        edits=((COMPILE, COMPILE.replace('"sgd"', '"adam"')),),
    ),
    Case(
        "mnist_mse_loss",
        "mnist_dense",
        "mean squared error instead of cross-entropy",
        10,
        fails("compiled", "accuracy_full"),
        edits=((COMPILE, COMPILE.replace('"categorical_crossentropy"', '"mse"')),),
    ),
    Case(
        "mnist_one_epoch",
        "mnist_dense",
        "trained for 1 epoch",
        10,
        fails("history", "accuracy_full"),
        edits=((MNIST_FIT, ONE_EPOCH_FIT),),
    ),
    Case(
        "mnist_trained_on_test",
        "mnist_dense",
        "trained on the test set",
        10,
        fails("trained", "accuracy_full"),
        edits=((MNIST_FIT, MNIST_FIT.replace("fit(X_train, y_train", "fit(X_test, y_test")),),
    ),
    Case(
        "mnist_test_mixed_in",
        "mnist_dense",
        "test images added to the training set (one epoch)",
        9,
        fails("history", "trained", "accuracy_full"),
        edits=(
            (
                MNIST_FIT,
                ONE_EPOCH_FIT.replace(
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
        fails("trained", "accuracy_full"),
        edits=(
            (
                MNIST_FIT,
                MNIST_FIT.replace("fit(X_train, y_train", "fit(X_train[:3000], y_train[:3000]"),
            ),
        ),
    ),
)
