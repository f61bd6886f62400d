"""Attempts to fool the grader, and training on the test images through every path
Keras offers."""

from __future__ import annotations

from autograder.corpus.answers import student
from autograder.corpus.case import LEAKED, MNIST_FIT, Case, fails, one_epoch_then

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

CHEATS: tuple[Case, ...] = (
    # --- attempts to fool the grader -----------------------------------------------------
    Case(
        "mnist_fabricated_history",
        "mnist_dense",
        "1 epoch, then history edited to claim 10 epochs at 0.99",
        10,
        fails("history", "accuracy_full"),
        edits=(
            one_epoch_then(
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
        fails("history", "accuracy_full"),
        edits=(
            one_epoch_then(
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
        fails("history", "trained", "accuracy_full"),
        edits=((MNIST_FIT, "history = None\npredictions = y_test.copy()"),),
    ),
    Case(
        "mnist_model_replaced",
        "mnist_dense",
        "a fresh, untrained copy of the network submitted after one epoch of training",
        9,
        fails("history", "trained", "accuracy_full"),
        edits=(
            one_epoch_then(
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
)
