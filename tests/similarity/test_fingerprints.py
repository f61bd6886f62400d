"""The text signal on answer code written the ways students write it."""

from autograder.corpus.answers import LESSON_MNIST
from autograder.similarity.fingerprints import fingerprint
from autograder.similarity.pairs import Thresholds, similar_pairs

OWN = """import numpy as np
def prepare(images):
    flat = images.reshape(len(images), -1).astype("float32")
    return flat / np.float32(255.0)
train_images = prepare(X_train)
test_images = prepare(X_test)
X_train, X_test = train_images, test_images
onehot_train = np.eye(10, dtype="float32")[y_train]
onehot_test = np.eye(10, dtype="float32")[y_test]
y_train, y_test = onehot_train, onehot_test
network = keras.Sequential(name="digits")
network.add(keras.Input(shape=(784,)))
for width in (32, 16):
    network.add(keras.layers.Dense(width, activation="relu", name=f"hidden_{width}"))
network.add(keras.layers.Dense(10, activation="softmax", name="scores"))
network.compile(optimizer=keras.optimizers.SGD(), loss="categorical_crossentropy",
                metrics=["accuracy"])
model = network
history = model.fit(X_train, y_train, epochs=10, validation_data=(X_test, y_test))
"""
DISGUISED = """# my own preprocessing
import numpy as np

def scale(pics):
    # flatten then scale
    out = pics.reshape(len(pics), -1).astype("float32")
    return out / np.float32(255.0)
a = scale(X_train)
b = scale(X_test)
X_train, X_test = a, b
yy_train = np.eye(10, dtype="float32")[y_train]  # one-hot
yy_test = np.eye(10, dtype="float32")[y_test]
y_train, y_test = yy_train, yy_test
net = keras.Sequential(name="digits")
net.add(keras.Input(shape=(784,)))
for w in (32, 16):
    net.add(keras.layers.Dense(w, activation="relu", name=f"hidden_{w}"))
net.add(keras.layers.Dense(10, activation="softmax", name="scores"))
net.compile(optimizer=keras.optimizers.SGD(),
            loss="categorical_crossentropy", metrics=["accuracy"])
model = net
history = model.fit(X_train, y_train, epochs=10, validation_data=(X_test, y_test))
"""
LESSON = "\n".join(code for _, code in LESSON_MNIST)


def prints(**codes):
    return {name: fingerprint(code, "mnist_dense") for name, code in codes.items()}


def test_a_copy_with_renamed_variables_and_new_comments_is_a_pair():
    pairs = similar_pairs(prints(ann=OWN, ben=DISGUISED, cat=LESSON), Thresholds())
    assert [(p.first, p.second) for p in pairs] == [("ann", "ben")]


def test_moved_lines_still_match():
    lines = OWN.splitlines()
    moved = "\n".join(lines[10:] + lines[:10])
    pairs = similar_pairs(prints(ann=OWN, ben=moved), Thresholds())
    assert [(p.first, p.second) for p in pairs] == [("ann", "ben")]


def test_the_lessons_code_is_nobodys():
    lesson = prints(**{f"s{i}": LESSON for i in range(10)})
    assert all(not fp.hashes and not fp.lines for fp in lesson.values())
    assert similar_pairs(lesson, Thresholds()) == []
