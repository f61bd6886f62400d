"""Disguises that change the program's structure: helper functions, and every way at once.

:data:`HELPERS` wraps :data:`~autograder.corpus.disguises.SOURCE` in small functions;
:data:`ALL_AT_ONCE` is the copy the issue found scoring 0.25 on tokens alone: statements
reordered, the ``Sequential`` list turned into ``add`` calls, other aliases, keyword
arguments reordered, and two small functions.
"""

from __future__ import annotations

from autograder.corpus.disguises import SOURCE

HELPERS = (
    (
        "preprocessing",
        """import numpy as np
from tensorflow.keras.utils import to_categorical


def flatten_and_scale(images):
    images = images.reshape((images.shape[0], 28 * 28)).astype("float32")
    images /= 255.0
    return images


def encode(labels):
    return to_categorical(labels, num_classes=10)


print("before:", X_train.shape, X_train.dtype)
X_train, X_test = flatten_and_scale(X_train), flatten_and_scale(X_test)
y_train, y_test = encode(y_train), encode(y_test)
assert X_train.max() <= 1.0 and y_train.shape[1] == 10""",
    ),
    (
        "model",
        """from tensorflow import keras
from tensorflow.keras import layers


def build_network():
    return keras.Sequential([
        layers.Dense(32, activation="relu", input_shape=(784,), kernel_initializer="he_normal"),
        layers.Dense(16, activation="relu", kernel_initializer="he_normal"),
        layers.Dense(10, activation="softmax"),
    ])


model = build_network()""",
    ),
    (
        "compile",
        """def compile_network(net):
    sgd = keras.optimizers.SGD(learning_rate=0.05, momentum=0.9, nesterov=True)
    net.compile(optimizer=sgd, loss="categorical_crossentropy", metrics=["accuracy"])


compile_network(model)""",
    ),
    SOURCE[3],
)

ALL_AT_ONCE = (
    (
        "preprocessing",
        """import tensorflow as tf
import numpy as numpy_lib


def prep(a):
    a = a.reshape((a.shape[0], 28*28)).astype(numpy_lib.float32)
    a /= 255
    return a


y_test = tf.keras.utils.to_categorical(num_classes=10, y=y_test)
y_train = tf.keras.utils.to_categorical(num_classes=10, y=y_train)
X_test = prep(X_test)
X_train = prep(X_train)""",
    ),
    (
        "model",
        """K = tf.keras
stopper = K.callbacks.EarlyStopping(restore_best_weights=True, monitor='val_loss', patience=3)
model = K.Sequential()
model.add(K.Input(shape=(784,)))
model.add(K.layers.Dense(units=32, kernel_initializer='he_normal', activation='relu'))
model.add(K.layers.Dense(units=16, kernel_initializer='he_normal', activation='relu'))
model.add(K.layers.Dense(units=10, activation='softmax'))""",
    ),
    (
        "compile",
        """def setup(m):
    opt = K.optimizers.SGD(nesterov=True, learning_rate=.05, momentum=.9)
    m.compile(metrics=['accuracy'], optimizer=opt, loss='categorical_crossentropy')


setup(model)""",
    ),
    (
        "training",
        """history = model.fit(X_train, y_train, epochs=10, batch_size=128, verbose=2,
                    callbacks=[stopper], validation_data=(X_test, y_test))""",
    ),
)
ALL_AT_ONCE_AFTER_FIT = """import matplotlib.pyplot as pyplot
true_labels = numpy_lib.argmax(y_test, axis=1)
guesses = numpy_lib.argmax(model.predict(X_test), axis=1)
misses = numpy_lib.nonzero(guesses != true_labels)[0]
f, grid = pyplot.subplots(2, 5, figsize=(10, 4))
for cell, k in zip(grid.ravel(), misses[:10]):
    cell.imshow(X_test[k].reshape(28, 28), cmap='gray')
    cell.axis('off')
    cell.set_title(f"{true_labels[k]} -> {guesses[k]}")
pyplot.tight_layout()
pyplot.show()
loss_value, acc_value = model.evaluate(X_test, y_test, verbose=0)"""
