"""Honest work: the lesson's code pasted cell for cell, the notebooks handed in untouched,
and correct submissions in every style Keras allows."""

from __future__ import annotations

from autograder.corpus.answers import (
    LESSON_CIFAR_EVALUATION,
    LESSON_CIFAR_PREPROCESSING,
    LESSON_MNIST,
    LESSON_MNIST_AFTER_FIT,
    STUDENT_COMPILE,
    STUDENT_PREPROCESSING,
    lesson_answers,
    student,
)
from autograder.corpus.case import UNTOUCHED, Case, after_fit, fails

HONEST: tuple[Case, ...] = (
    # --- the lesson's own code, pasted cell for cell into the student notebooks ----------
    Case(
        "mnist_lesson_verbatim",
        "mnist_dense",
        "the lesson's MNIST code pasted cell for cell (float64, Sequential().add)",
        13,
        answers=LESSON_MNIST,
        extra_cells=(LESSON_MNIST_AFTER_FIT,),
    ),
    Case(
        "cifar10_lesson_verbatim",
        "cifar10_dense",
        "the lesson's CIFAR-10 code pasted cell for cell (float64 arrays of 1.2 GB)",
        13,
        answers=lesson_answers(3072, LESSON_CIFAR_PREPROCESSING),
        extra_cells=(LESSON_CIFAR_EVALUATION,),
    ),
    # --- the student notebooks handed in untouched: nothing done, every check fails ------
    Case(
        "mnist_untouched",
        "mnist_dense",
        "the student notebook as handed out",
        0,
        fails(*UNTOUCHED),
        untouched=True,
    ),
    Case(
        "cifar10_untouched",
        "cifar10_dense",
        "the student notebook as handed out",
        0,
        fails(*UNTOUCHED, "accuracy_partial"),
        untouched=True,
    ),
    # --- correct submissions: full marks -------------------------------------------------
    Case("mnist_reference", "mnist_dense", "the reference solution", 13),
    Case(
        "mnist_functional_api",
        "mnist_dense",
        "the network written with the Functional API",
        13,
        answers=student(
            model="inputs = keras.Input(shape=(784,))\n"
            "hidden = keras.layers.Dense(32, activation='relu')(inputs)\n"
            "hidden = keras.layers.Dense(16, activation='relu')(hidden)\n"
            "outputs = keras.layers.Dense(10, activation='softmax')(hidden)\n"
            "model = keras.Model(inputs, outputs)"
        ),
    ),
    Case(
        "mnist_tf_data",
        "mnist_dense",
        "trained from a tf.data.Dataset of the training set",
        13,
        answers=(  # a student of its own: every cell in its own style
            (
                "preprocessing",
                "import tensorflow as tf\n\n"
                "pixels = X_train.shape[1] * X_train.shape[2]\n"
                "X_train = X_train.reshape(X_train.shape[0], pixels) / 255.\n"
                "X_test = X_test.reshape(X_test.shape[0], pixels) / 255.\n"
                "y_train = tf.one_hot(y_train, depth=10).numpy()\n"
                "y_test = tf.one_hot(y_test, depth=10).numpy()",
            ),
            (
                "model",
                "from tensorflow.keras import layers, models\n\n"
                "model = models.Sequential([layers.Input((784,)), layers.Dense(32, 'relu'),\n"
                "                           layers.Dense(16, 'relu'),\n"
                "                           layers.Dense(10, 'softmax')])",
            ),
            (
                "compile",
                "model.compile(optimizer=tf.keras.optimizers.SGD(learning_rate=0.01),\n"
                "              loss='categorical_crossentropy', metrics=['accuracy'])",
            ),
            (
                "training",
                "train = tf.data.Dataset.from_tensor_slices((X_train, y_train))"
                ".shuffle(60000, seed=1).batch(32)\n"
                "history = model.fit(train, epochs=10, validation_data=(X_test, y_test))",
            ),
        ),
    ),
    Case(
        "mnist_sparse_labels",
        "mnist_dense",
        "integer labels with sparse categorical cross-entropy (an equivalent loss)",
        12,
        fails("one_hot"),
        answers=student(
            preprocessing="\n".join(STUDENT_PREPROCESSING.splitlines()[:2]),
            compile=STUDENT_COMPILE.replace(
                '"categorical_crossentropy"', '"sparse_categorical_crossentropy"'
            ),
        ),
    ),
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
            after_fit(
                "print(model.count_params(), history.history['val_accuracy'][-1])\n"
                "plt.hist(X_train[0], bins=20)\nplt.show()"
            ),
        ),
    ),
)
