"""Copies of one student's answer, each disguised one way, written as copiers write them.

:data:`SOURCE` is one student's own MNIST answer (its own preprocessing, a
``Sequential([...])`` list, an SGD with momentum, early stopping, a look at the mistakes
after training). The others are copies of it handed in by other students, each changed
in one of the ways the similarity report must see through, by hand (every one runs):
statements reordered, the list turned into ``add`` calls with an ``Input``, other
aliases, keyword arguments reordered and spelled otherwise. Disguises that change the
structure are in :mod:`~autograder.corpus.disguises_combined`;
``autograder.corpus.integrity.disguise_class`` puts them all in one class.
"""

from __future__ import annotations

SOURCE = (
    (
        "preprocessing",
        """import numpy as np
from tensorflow.keras.utils import to_categorical

print("before:", X_train.shape, X_train.dtype)
X_train = X_train.reshape((X_train.shape[0], 28 * 28)).astype("float32")
X_test = X_test.reshape((X_test.shape[0], 28 * 28)).astype("float32")
X_train /= 255.0
X_test /= 255.0
y_train = to_categorical(y_train, num_classes=10)
y_test = to_categorical(y_test, num_classes=10)
assert X_train.max() <= 1.0 and y_train.shape[1] == 10""",
    ),
    (
        "model",
        """from tensorflow import keras
from tensorflow.keras import layers

model = keras.Sequential([
    layers.Dense(32, activation="relu", input_shape=(784,), kernel_initializer="he_normal"),
    layers.Dense(16, activation="relu", kernel_initializer="he_normal"),
    layers.Dense(10, activation="softmax"),
])""",
    ),
    (
        "compile",
        """sgd = keras.optimizers.SGD(learning_rate=0.05, momentum=0.9, nesterov=True)
model.compile(optimizer=sgd, loss="categorical_crossentropy", metrics=["accuracy"])""",
    ),
    (
        "training",
        """early = keras.callbacks.EarlyStopping(monitor="val_loss", patience=3,
                                      restore_best_weights=True)
history = model.fit(X_train, y_train, batch_size=128, epochs=10,
                    validation_data=(X_test, y_test), callbacks=[early], verbose=2)""",
    ),
)
SOURCE_AFTER_FIT = """test_loss, test_acc = model.evaluate(X_test, y_test, verbose=0)
print(f"test accuracy: {test_acc:.4f}")
predicted = np.argmax(model.predict(X_test), axis=1)
actual = np.argmax(y_test, axis=1)
wrong = np.nonzero(predicted != actual)[0]
fig, axes = plt.subplots(2, 5, figsize=(10, 4))
for ax, i in zip(axes.ravel(), wrong[:10]):
    ax.imshow(X_test[i].reshape(28, 28), cmap="gray")
    ax.set_title(f"{actual[i]} -> {predicted[i]}")
    ax.axis("off")
plt.tight_layout()
plt.show()"""

REORDERED = (
    (
        "preprocessing",
        """from tensorflow.keras.utils import to_categorical
import numpy as np

y_test = to_categorical(y_test, num_classes=10)
y_train = to_categorical(y_train, num_classes=10)
X_test = X_test.reshape((X_test.shape[0], 28 * 28)).astype("float32")
X_test /= 255.0
X_train = X_train.reshape((X_train.shape[0], 28 * 28)).astype("float32")
X_train /= 255.0""",
    ),
    (
        "model",
        """from tensorflow.keras import layers
from tensorflow import keras
sgd = keras.optimizers.SGD(momentum=0.9, learning_rate=0.05, nesterov=True)
early = keras.callbacks.EarlyStopping(monitor="val_loss", patience=3,
                                      restore_best_weights=True)
model = keras.Sequential([
    layers.Dense(32, activation="relu", input_shape=(784,), kernel_initializer="he_normal"),
    layers.Dense(16, activation="relu", kernel_initializer="he_normal"),
    layers.Dense(10, activation="softmax"),
])""",
    ),
    (
        "compile",
        'model.compile(optimizer=sgd, loss="categorical_crossentropy", metrics=["accuracy"])',
    ),
    (
        "training",
        """history = model.fit(X_train, y_train, batch_size=128, epochs=10,
                    validation_data=(X_test, y_test), callbacks=[early], verbose=2)""",
    ),
)
REORDERED_AFTER_FIT = """actual = np.argmax(y_test, axis=1)
predicted = np.argmax(model.predict(X_test), axis=1)
wrong = np.nonzero(predicted != actual)[0]
fig, axes = plt.subplots(2, 5, figsize=(10, 4))
for ax, i in zip(axes.ravel(), wrong[:10]):
    ax.set_title(f"{actual[i]} -> {predicted[i]}")
    ax.imshow(X_test[i].reshape(28, 28), cmap="gray")
    ax.axis("off")
plt.tight_layout()
plt.show()
test_loss, test_acc = model.evaluate(X_test, y_test, verbose=0)
print(f"test accuracy: {test_acc:.4f}")"""

LIST_TO_ADD = (
    SOURCE[0],
    (
        "model",
        """from tensorflow import keras
from tensorflow.keras import layers

model = keras.Sequential()
model.add(keras.Input(shape=(784,)))
model.add(layers.Dense(32, activation="relu", kernel_initializer="he_normal"))
model.add(layers.Dense(16, activation="relu", kernel_initializer="he_normal"))
model.add(layers.Dense(10, activation="softmax"))""",
    ),
    *SOURCE[2:],
)

ALIASES = (
    (
        "preprocessing",
        """import numpy as npy
import tensorflow as tf
onehot = tf.keras.utils.to_categorical

print("before:", X_train.shape, X_train.dtype)
X_train = X_train.reshape((X_train.shape[0], 28 * 28)).astype(npy.float32)
X_test = X_test.reshape((X_test.shape[0], 28 * 28)).astype(npy.float32)
X_train /= 255.0
X_test /= 255.0
y_train = onehot(y_train, num_classes=10)
y_test = onehot(y_test, num_classes=10)
assert X_train.max() <= 1.0 and y_train.shape[1] == 10""",
    ),
    (
        "model",
        """L = tf.keras.layers

model = tf.keras.models.Sequential([
    L.Dense(32, activation="relu", input_shape=(784,), kernel_initializer="he_normal"),
    L.Dense(16, activation="relu", kernel_initializer="he_normal"),
    L.Dense(10, activation="softmax"),
])""",
    ),
    (
        "compile",
        """from tensorflow.keras.optimizers import SGD as StochasticGD
sgd = StochasticGD(learning_rate=0.05, momentum=0.9, nesterov=True)
model.compile(optimizer=sgd, loss="categorical_crossentropy", metrics=["accuracy"])""",
    ),
    (
        "training",
        """from tensorflow.keras.callbacks import EarlyStopping as Stop
early = Stop(monitor="val_loss", patience=3, restore_best_weights=True)
history = model.fit(X_train, y_train, batch_size=128, epochs=10,
                    validation_data=(X_test, y_test), callbacks=[early], verbose=2)""",
    ),
)
ALIASES_AFTER_FIT = (
    SOURCE_AFTER_FIT.replace("np.", "npy.")
    .replace("plt.", "pyplot.")
    .replace("test_loss, test_acc", "import matplotlib.pyplot as pyplot\ntest_loss, test_acc")
)

KEYWORD_ORDER = (
    (
        "preprocessing",
        """import numpy as np
from tensorflow.keras.utils import to_categorical

print("before:", X_train.shape, X_train.dtype)
X_train = X_train.reshape((X_train.shape[0], 28*28)).astype('float32')
X_test = X_test.reshape((X_test.shape[0], 28*28)).astype('float32')
X_train /= 255
X_test /= 255
y_train = to_categorical(y_train, num_classes = 10)
y_test = to_categorical(y_test, num_classes = 10)
assert X_train.max() <= 1 and y_train.shape[1] == 10""",
    ),
    (
        "model",
        """from tensorflow import keras
from tensorflow.keras import layers

model = keras.Sequential([
    layers.Dense(kernel_initializer='he_normal', input_shape=(784,), units=32, activation='relu'),
    layers.Dense(units=16, kernel_initializer='he_normal', activation='relu'),
    layers.Dense(10, 'softmax'),
])""",
    ),
    (
        "compile",
        """sgd = keras.optimizers.SGD(nesterov=True, momentum=.9, learning_rate=.05)
model.compile(metrics=['accuracy'], loss='categorical_crossentropy', optimizer=sgd)""",
    ),
    (
        "training",
        """early = keras.callbacks.EarlyStopping(restore_best_weights=True, patience=3,
                                      monitor='val_loss')
history = model.fit(X_train, y_train, validation_data=(X_test, y_test), epochs=10,
                    verbose=2, callbacks=[early], batch_size=128)""",
    ),
)
KEYWORD_ORDER_AFTER_FIT = SOURCE_AFTER_FIT.replace(
    "model.evaluate(X_test, y_test, verbose=0)", "model.evaluate(verbose=0, x=X_test, y=y_test)"
).replace('cmap="gray"', "cmap='gray'")
