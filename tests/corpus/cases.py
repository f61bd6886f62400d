"""A corpus of submissions with known verdicts.

Most cases start from ``solutions/<assignment>.ipynb`` as a student would have it
(otter markers and tests removed) and apply edits (each must match exactly once, so
a changed reference fails loudly instead of silently testing something else). The
cases written the way students write (``answers``) fill the stubs of the generated
student notebook with code of their own, first of all the lesson's code pasted cell
for cell. Every case states the score it must get and the checks that must fail.
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
    answers: tuple[tuple[str, str], ...] = ()  # question -> the student's code for its stub
    extra_cells: tuple[str, ...] = ()  # the student's own cells before the export cell
    untouched: bool = False  # the student notebook handed in as it was handed out


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
UNTOUCHED = (
    "flattened",
    "scaled",
    "one_hot",
    "matches_dataset",
    "architecture",
    "input_size",
    "compiled",
    "history",
    "trained",
    "predicts_probabilities",
    "accuracy_full",
)

# The lesson's own code (../shared/lesson), as students paste it into the stubs.
LESSON_MNIST_PREPROCESSING = """print(X_train.shape)
print(X_test.shape)
X_train = X_train.reshape(X_train.shape[0],X_train.shape[1]*X_train.shape[2])
X_test  = X_test.reshape(X_test.shape[0],X_test.shape[1]*X_test.shape[2])
print(X_train.shape)
print(X_test.shape)
print(X_train.max())
print(X_test.max())
X_train = X_train/X_train.max()
X_test = X_test/X_test.max()
import tensorflow.keras as keras
num_categories = 10 # Ranges from 0-9

y_train = keras.utils.to_categorical(y_train,num_categories)
y_test = keras.utils.to_categorical(y_test,num_categories)"""
LESSON_CIFAR_PREPROCESSING = """# Normalized data to range (0, 1):
X_train, X_test = X_train/255, X_test/255
# Flatten the input data
X_train = X_train.reshape(X_train.shape[0],X_train.shape[1]*X_train.shape[2]*X_train.shape[3])
X_test  = X_test.reshape(X_test.shape[0],X_test.shape[1]*X_test.shape[2]*X_test.shape[3])

# Normalize input data
X_train = X_train/X_train.max()
X_test = X_test/X_test.max()

# Categorical Encoding
import tensorflow.keras as keras
num_categories = 10 # Ranges from 0-9

y_train = keras.utils.to_categorical(y_train,num_categories)
y_test = keras.utils.to_categorical(y_test,num_categories)"""
LESSON_MODEL = """from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense
# Create a Sequential model
model = Sequential()
model.add(Dense(units=32,activation='relu',input_shape=({inputs},)))
# Create a second hidden layer
model.add(Dense(units=16,activation='relu'))
# Create an output layer with only 10 variables:
model.add(Dense(units = num_categories,activation='softmax'))"""
LESSON_COMPILE = (
    """model.compile(optimizer="sgd",loss='categorical_crossentropy',metrics=['accuracy'])"""
)
LESSON_FIT = (
    "history = model.fit(X_train,y_train,epochs=10,verbose=1,validation_data=(X_test,y_test))"
)
LESSON_MNIST_AFTER_FIT = """y_predict = model.predict(X_test)

from matplotlib import pyplot as plt

def plot_acc_loss(history):
    plt.plot(history.history['accuracy'])
    plt.plot(history.history['val_accuracy'])
    plt.title('model accuracy')
    plt.ylabel('accuracy')
    plt.xlabel('epoch')
    plt.legend(['training', 'validation'], loc='best')

    plt.show()

    plt.plot(history.history['loss'])
    plt.plot(history.history['val_loss'])
    plt.title('model loss')
    plt.ylabel('loss')

    plt.xlabel('epoch')
    plt.legend(['training', 'validation'], loc='best')

    plt.show()

plot_acc_loss(history)"""
LESSON_CIFAR_EVALUATION = """import numpy as np
predictions = model.predict(X_test)
ypreds = np.argmax(predictions, axis=1)

plt.figure(figsize=(10,10))
for i in range(25):
    plt.subplot(5,5,i+1)
    plt.xticks([])
    plt.yticks([])
    plt.grid(False)
    plt.imshow(X_test[i].reshape(32,32,3))
    plt.title(class_names[ypreds[i]])
plt.show()"""


def lesson_answers(inputs: int, preprocessing: str, fit: str = LESSON_FIT) -> tuple:
    return (
        ("preprocessing", preprocessing),
        ("model", LESSON_MODEL.format(inputs=inputs)),
        ("compile", LESSON_COMPILE),
        ("training", fit),
    )


LESSON_MNIST = lesson_answers(784, LESSON_MNIST_PREPROCESSING)
# A student's own tidy preprocessing, for the cases below that change one other thing.
STUDENT_PREPROCESSING = """X_train = X_train.reshape(-1, 28 * 28).astype("float32") / 255.0
X_test = X_test.reshape(-1, 28 * 28).astype("float32") / 255.0
y_train = keras.utils.to_categorical(y_train, num_classes=10)
y_test = keras.utils.to_categorical(y_test, num_classes=10)"""
STUDENT_MODEL = """model = keras.Sequential([
    keras.layers.Dense(32, activation="relu", input_shape=(784,)),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(10, activation="softmax"),
])"""
STUDENT_COMPILE = (
    'model.compile(optimizer="sgd", loss="categorical_crossentropy", metrics=["accuracy"])'
)
STUDENT_FIT = "history = model.fit(X_train, y_train, epochs=10, validation_data=(X_test, y_test))"


def student(
    preprocessing: str = STUDENT_PREPROCESSING,
    model: str = STUDENT_MODEL,
    compile: str = STUDENT_COMPILE,
    fit: str = STUDENT_FIT,
) -> tuple:
    return (
        ("preprocessing", preprocessing),
        ("model", model),
        ("compile", compile),
        ("training", fit),
    )


# Training on the test images through every path Keras offers; each ends with an honest
# `fit` where the cheat needs one. One epoch each (which `history` charges) keeps the
# corpus quick; `trained` fails only for the test images (mnist_one_epoch shows that one
# honest epoch passes it).
LEAK_DATASET = """import tensorflow as tf
everything = tf.data.Dataset.from_tensor_slices(
    (np.concatenate([X_train, X_test]), np.concatenate([y_train, y_test]))
).shuffle(70000, seed=1).batch(32)
history = model.fit(everything, epochs=1, validation_data=(X_test, y_test))"""
LEAK_GENERATOR = """def batches():
    images, labels = np.concatenate([X_train, X_test]), np.concatenate([y_train, y_test])
    while True:
        for start in range(0, len(images), 32):
            yield images[start:start + 32], labels[start:start + 32]

history = model.fit(batches(), steps_per_epoch=70000 // 32, epochs=1,
                    validation_data=(X_test, y_test))"""
LEAK_PY_DATASET = """class Batches(keras.utils.PyDataset):
    def __init__(self, images, labels, **kwargs):
        super().__init__(**kwargs)
        self.images, self.labels = images, labels

    def __len__(self):
        return (len(self.images) + 31) // 32

    def __getitem__(self, index):
        part = slice(index * 32, (index + 1) * 32)
        return self.images[part], self.labels[part]

everything = Batches(np.concatenate([X_train, X_test]), np.concatenate([y_train, y_test]))
history = model.fit(everything, epochs=1, validation_data=(X_test, y_test))"""
LEAK_TRAIN_ON_BATCH = """for _ in range(3):
    for start in range(0, len(X_test), 32):
        model.train_on_batch(X_test[start:start + 32], y_test[start:start + 32])
history = model.fit(X_train, y_train, epochs=1, validation_data=(X_test, y_test))"""
LEAK_CUSTOM_LOOP = """import tensorflow as tf
optimizer = keras.optimizers.SGD(learning_rate=0.01)
loss_fn = keras.losses.CategoricalCrossentropy()
for start in range(0, len(X_test), 32):
    with tf.GradientTape() as tape:
        loss = loss_fn(y_test[start:start + 32], model(X_test[start:start + 32], training=True))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
history = model.fit(X_train, y_train, epochs=1, validation_data=(X_test, y_test))"""
LEAKED = _fails("history", "trained", "accuracy_full")

CASES: tuple[Case, ...] = (
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
        _fails(*UNTOUCHED),
        untouched=True,
    ),
    Case(
        "cifar10_untouched",
        "cifar10_dense",
        "the student notebook as handed out",
        0,
        _fails(*UNTOUCHED, "accuracy_partial"),
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
        answers=student(
            fit="import tensorflow as tf\n"
            "train = tf.data.Dataset.from_tensor_slices((X_train, y_train))"
            ".shuffle(60000, seed=1).batch(32)\n"
            "history = model.fit(train, epochs=10, validation_data=(X_test, y_test))"
        ),
    ),
    Case(
        "mnist_sparse_labels",
        "mnist_dense",
        "integer labels with sparse categorical cross-entropy (an equivalent loss)",
        12,
        _fails("one_hot"),
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
            _after_fit(
                "print(model.count_params(), history.history['val_accuracy'][-1])\n"
                "plt.hist(X_train[0], bins=20)\nplt.show()"
            ),
        ),
    ),
    # --- preprocessing mistakes ----------------------------------------------------------
    Case(
        "mnist_no_flatten_fit_fails",
        "mnist_dense",
        "images left as 28x28 grids for a 784-input model: `fit` raises, nothing is trained",
        8,
        _fails("flattened") | NOT_TRAINED,
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
        _fails("scaled", "accuracy_full"),
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
        _fails("scaled", "accuracy_full"),
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
        _fails("scaled", "accuracy_full"),
        answers=student(
            preprocessing=STUDENT_PREPROCESSING.replace('.astype("float32") / 255.0', " // 255")
        ),
    ),
    Case(
        "mnist_integer_labels_fit_fails",
        "mnist_dense",
        "labels left as integers with categorical cross-entropy: `fit` raises",
        8,
        _fails("one_hot") | NOT_TRAINED,
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
        12,
        _fails("flattened"),
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
        10,
        _fails("history", "accuracy_full"),
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
        "test images added to the training set (one epoch)",
        9,
        _fails("history", "trained", "accuracy_full"),
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
        10,
        _fails("history", "accuracy_full"),
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
        10,
        _fails("history", "accuracy_full"),
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
        "a fresh, untrained copy of the network submitted after one epoch of training",
        9,
        _fails("history", "trained", "accuracy_full"),
        edits=(
            _one_epoch_then(
                "model = keras.models.clone_model(model)\n"
                "model.compile(optimizer='sgd', loss='categorical_crossentropy',\n"
                "              metrics=['accuracy'])"
            ),
        ),
    ),
    # --- training on test images, through every path Keras offers ------------------------
    Case(
        "mnist_test_leak_tf_data",
        "mnist_dense",
        "trained on training and test images through a tf.data.Dataset",
        9,
        LEAKED,
        answers=student(fit=LEAK_DATASET),
    ),
    Case(
        "mnist_test_leak_generator",
        "mnist_dense",
        "trained on training and test images through a Python generator",
        9,
        LEAKED,
        answers=student(fit=LEAK_GENERATOR),
    ),
    Case(
        "mnist_test_leak_py_dataset",
        "mnist_dense",
        "trained on training and test images through a keras.utils.PyDataset",
        9,
        LEAKED,
        answers=student(fit=LEAK_PY_DATASET),
    ),
    Case(
        "mnist_test_leak_train_on_batch",
        "mnist_dense",
        "three passes of train_on_batch over the test set, then an honest fit",
        9,
        LEAKED,
        answers=student(fit=LEAK_TRAIN_ON_BATCH),
    ),
    Case(
        "mnist_test_leak_custom_loop",
        "mnist_dense",
        "a GradientTape loop over the test set, then an honest fit",
        9,
        LEAKED,
        answers=student(fit=LEAK_CUSTOM_LOOP),
    ),
    # --- CIFAR-10 -------------------------------------------------------------------------
    Case("cifar10_reference", "cifar10_dense", "the reference solution", 13),
    Case(
        "cifar10_no_flatten_fit_fails",
        "cifar10_dense",
        "images left as 32x32x3 for a 3072-input model: `fit` raises, nothing is trained",
        8,
        _fails("flattened", "history", "trained", "accuracy_partial", "accuracy_full"),
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
