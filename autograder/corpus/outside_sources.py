"""Answers written from outside sources, the ways students use them.

:data:`TEXTBOOK` restates a textbook's first MNIST network for this task;
:data:`ADAPTED_TEXTBOOK` is the pattern found in the wild: a student's adaptation of it,
same preprocessing and layers, a few slips, another compile and epoch count.
:data:`KERAS_EXAMPLE` and :data:`COURSE_REPOSITORY` are honest answers in the styles of
the Keras examples and of a course repository (the textbook itself derives from the
Keras examples: an honest pair that shares a source, as real classes have).
"""

from __future__ import annotations

TEXTBOOK = (  # the shape of a textbook's first MNIST network, restated for this task
    (
        "preprocessing",
        """from tensorflow.keras.utils import to_categorical

X_train = X_train.reshape((60000, 28 * 28))
X_train = X_train.astype("float32") / 255
X_test = X_test.reshape((10000, 28 * 28))
X_test = X_test.astype("float32") / 255
y_train = to_categorical(y_train)
y_test = to_categorical(y_test)""",
    ),
    (
        "model",
        """from tensorflow.keras import models
from tensorflow.keras import layers

network = models.Sequential()
network.add(layers.Dense(32, activation="relu", input_shape=(28 * 28,)))
network.add(layers.Dense(16, activation="relu"))
network.add(layers.Dense(10, activation="softmax"))
model = network""",
    ),
    (
        "compile",
        """network.compile(optimizer="rmsprop",
                loss="categorical_crossentropy",
                metrics=["accuracy"])""",
    ),
    (
        "training",
        "history = network.fit(X_train, y_train, epochs=5, batch_size=128,"
        " validation_data=(X_test, y_test))",
    ),  # fmt: skip
)
TEXTBOOK_AFTER_FIT = """test_loss, test_acc = network.evaluate(X_test, y_test)
print("test_acc:", test_acc)"""
ADAPTED_TEXTBOOK = (  # same preprocessing and layers, a few slips, another compile and epochs
    (
        "preprocessing",
        """from tensorflow.keras.utils import to_categorical
X_train = X_train.reshape((60000, 28 * 28))
X_train = X_train.astype('float32') / 255
X_test = X_test.reshape((10000, 28*28))
X_test = X_test.astype('float32') / 255

y_train = to_categorical(y_train)
y_test = to_categorical(y_test)
print(X_train.shape, y_train.shape)""",
    ),
    (
        "model",
        """from tensorflow.keras import models, layers
network = models.Sequential()
network.add(layers.Dense(32, activation='relu', input_shape=(28 * 28,)))
network.add(layers.Dense(16, activation='relu'))
network.add(layers.Dense(10, activation='sigmoid'))
network.add(layers.Dense(10, activation='softmax'))
model = network""",
    ),
    (
        "compile",
        "model.compile(optimizer='sgd', loss='categorical_crossentropy', metrics=['acc'])",
    ),
    (
        "training",
        "history = model.fit(X_train, y_train, epochs=10, batch_size=128,"
        " validation_data=(X_test, y_test))",
    ),
)
ADAPTED_TEXTBOOK_AFTER_FIT = """test_loss, test_acc = network.evaluate(X_test, y_test)
print('test_acc:', test_acc)"""

KERAS_EXAMPLE = (  # the Keras examples' MNIST, a dense network in its style
    (
        "preprocessing",
        """num_classes = 10
input_shape = (784,)
x_train = X_train.astype("float32") / 255
x_test = X_test.astype("float32") / 255
X_train = x_train.reshape(-1, 784)
X_test = x_test.reshape(-1, 784)
print("x_train shape:", X_train.shape)
print(X_train.shape[0], "train samples")
y_train = keras.utils.to_categorical(y_train, num_classes)
y_test = keras.utils.to_categorical(y_test, num_classes)""",
    ),
    (
        "model",
        """from keras import layers

model = keras.Sequential(
    [
        keras.Input(shape=input_shape),
        layers.Dense(32, activation="relu"),
        layers.Dense(16, activation="relu"),
        layers.Dense(num_classes, activation="softmax"),
    ]
)
model.summary()""",
    ),
    (
        "compile",
        'model.compile(loss="categorical_crossentropy", optimizer="sgd", metrics=["accuracy"])',
    ),
    (
        "training",
        """batch_size = 128
epochs = 10
history = model.fit(X_train, y_train, batch_size=batch_size, epochs=epochs,
                    validation_data=(X_test, y_test))""",
    ),
)
KERAS_EXAMPLE_AFTER_FIT = """score = model.evaluate(X_test, y_test, verbose=0)
print("Test loss:", score[0])
print("Test accuracy:", score[1])"""
COURSE_REPOSITORY = (  # a course repository's style: input_dim, np.eye, a pandas plot
    (
        "preprocessing",
        """import numpy as np
X_train = X_train.reshape(len(X_train), 784) / 255.0
X_test = X_test.reshape(len(X_test), 784) / 255.0
y_train = np.eye(10)[y_train]
y_test = np.eye(10)[y_test]""",
    ),
    (
        "model",
        """from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense
model = Sequential()
model.add(Dense(32, input_dim=784, activation='relu'))
model.add(Dense(16, activation='relu'))
model.add(Dense(10, activation='softmax'))""",
    ),
    (
        "compile",
        "model.compile(loss='categorical_crossentropy', optimizer='sgd', metrics=['accuracy'])",
    ),
    (
        "training",
        "history = model.fit(X_train, y_train, validation_data=(X_test, y_test), epochs=10,"
        " batch_size=32)",
    ),
)
COURSE_REPOSITORY_AFTER_FIT = """import pandas as pd
pd.DataFrame(history.history).plot(figsize=(8, 5))
plt.grid(True)
plt.gca().set_ylim(0, 1)
plt.show()"""

TENSORFLOW_QUICKSTART = (  # TensorFlow's beginner quickstart, bent to the handout's steps
    (
        "preprocessing",
        """import tensorflow as tf
X_train, X_test = X_train / 255.0, X_test / 255.0
X_train = X_train.reshape(X_train.shape[0], -1)
X_test = X_test.reshape(X_test.shape[0], -1)
y_train = tf.keras.utils.to_categorical(y_train)
y_test = tf.keras.utils.to_categorical(y_test)""",
    ),
    (
        "model",
        """model = tf.keras.models.Sequential([
  tf.keras.layers.Dense(32, activation='relu', input_shape=(784,)),
  tf.keras.layers.Dense(16, activation='relu'),
  tf.keras.layers.Dense(10, activation='softmax')
])
predictions = model(X_train[:1]).numpy()
predictions""",
    ),
    (
        "compile",
        """loss_fn = tf.keras.losses.CategoricalCrossentropy()
loss_fn(y_train[:1], predictions).numpy()
model.compile(optimizer='sgd', loss=loss_fn, metrics=['accuracy'])""",
    ),
    (
        "training",
        "history = model.fit(X_train, y_train, epochs=10, validation_data=(X_test, y_test))",
    ),
)
TENSORFLOW_QUICKSTART_AFTER_FIT = """model.evaluate(X_test,  y_test, verbose=2)
probability_model = tf.keras.Sequential([model, tf.keras.layers.Softmax()])
probability_model(X_test[:5])"""
HANDS_ON_BOOK = (  # a hands-on book's style: a validation split of its own, a DataFrame plot
    (
        "preprocessing",
        """from tensorflow import keras
X_valid, X_train_part = X_train[:5000] / 255., X_train[5000:] / 255.
X_train = X_train.reshape(-1, 28 * 28) / 255.
X_test = X_test.reshape(-1, 28 * 28) / 255.
class_count = len(set(y_train))
y_train = keras.utils.to_categorical(y_train, class_count)
y_test = keras.utils.to_categorical(y_test, class_count)""",
    ),
    (
        "model",
        """model = keras.models.Sequential()
model.add(keras.layers.InputLayer(input_shape=[784]))
model.add(keras.layers.Dense(32, activation="relu"))
model.add(keras.layers.Dense(16, activation="relu"))
model.add(keras.layers.Dense(10, activation="softmax"))
model.layers
hidden1 = model.layers[0]
weights, biases = hidden1.get_weights()
weights.shape""",
    ),
    (
        "compile",
        """model.compile(loss="categorical_crossentropy",
              optimizer=keras.optimizers.SGD(learning_rate=0.01),
              metrics=["accuracy"])""",
    ),
    (
        "training",
        "history = model.fit(X_train, y_train, epochs=10,\n"
        "                    validation_data=(X_test, y_test))",
    ),
)
HANDS_ON_BOOK_AFTER_FIT = """import pandas as pd
pd.DataFrame(history.history).plot(figsize=(8, 5))
plt.grid(True)
plt.gca().set_ylim(0, 1)
plt.show()
model.evaluate(X_test, y_test)
X_new = X_test[:3]
y_proba = model.predict(X_new)
y_proba.round(2)"""
