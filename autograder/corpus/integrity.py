"""A class for the similarity report: honest work, planted copies, and the reference.

Honest students paste the lesson or write the corpus's honest variants, each run saving
its own training log (its own random start). Planted among them: a student's own long
answer and a disguised copy of it (variables renamed, independent lines moved, new
comments), two notebooks with different code but one saved training log, and a notebook
carrying the hidden reference's answer code. :func:`build_class` makes a class of any
size for the tests and the benchmark. :func:`disguise_class` is the class of the
disguises: each copy of :data:`COPIES` beside its source, honest students in their own
styles (two from related sources), the corpus's honest variants and lesson pastes.
"""

from __future__ import annotations

import random
import re

import nbformat

from autograder.corpus import disguises, disguises_combined, outside_sources
from autograder.corpus.answers import LESSON_MNIST, LESSON_MNIST_AFTER_FIT
from autograder.corpus.cases import CASES
from autograder.corpus.disguises import SOURCE, SOURCE_AFTER_FIT
from autograder.corpus.notebooks import case_notebook
from autograder.drivers.samples import edited_reference, filled_student_notebook

# Honest variants written independently: the corpus's own, each in its own style.
HONEST_VARIANTS = (
    "mnist_functional_api",
    "mnist_tf_data",
    "mnist_sklearn_one_hot_encoder",
    "mnist_pandas_and_seaborn",
    "mnist_sklearn_train_test_split",
)
OWN_ANSWER = (
    (
        "preprocessing",
        """import numpy as np

def prepare(images):
    flat = images.reshape(len(images), -1).astype("float32")
    return flat / np.float32(255.0)

train_images = prepare(X_train)
test_images = prepare(X_test)
X_train, X_test = train_images, test_images
onehot_train = np.eye(10, dtype="float32")[y_train]
onehot_test = np.eye(10, dtype="float32")[y_test]
y_train, y_test = onehot_train, onehot_test""",
    ),
    (
        "model",
        """network = keras.Sequential(name="digits")
network.add(keras.Input(shape=(784,)))
for width in (32, 16):
    network.add(keras.layers.Dense(width, activation="relu", name=f"hidden_{width}"))
network.add(keras.layers.Dense(10, activation="softmax", name="scores"))
model = network""",
    ),
    (
        "compile",
        """optimizer = keras.optimizers.SGD(learning_rate=0.01)
model.compile(optimizer=optimizer, loss=keras.losses.CategoricalCrossentropy(),
              metrics=[keras.metrics.CategoricalAccuracy(name="accuracy")])""",
    ),
    (
        "training",
        """history = model.fit(X_train, y_train, batch_size=32, epochs=10,
                    validation_data=(X_test, y_test), shuffle=True)""",
    ),
)
RENAMES = {
    "prepare": "to_vectors",
    "images": "pics",
    "flat": "vec",
    "train_images": "xtr",
    "test_images": "xte",
    "onehot_train": "ytr",
    "onehot_test": "yte",
    "network": "net",
    "width": "units",
    "optimizer": "opt",
}


def disguised(answers: tuple = OWN_ANSWER) -> tuple:
    """The same answers as a copier hands them in: names changed, the independent train
    and test lines swapped, comments added."""
    changed = []
    for question, code in answers:
        for old, new in RENAMES.items():
            code = re.sub(rf"\b{old}\b", new, code)
        lines = code.splitlines()
        for i in range(len(lines) - 1):
            if "tr =" in lines[i] and "te =" in lines[i + 1]:
                lines[i], lines[i + 1] = lines[i + 1], lines[i]
        code = "\n".join(f"{line}  # step {n}" if line.strip() and not line.endswith(":")
                         else line for n, line in enumerate(lines))  # fmt: skip
        changed.append((question, f"# {question}, my version\n{code}"))
    return tuple(changed)


def training_log(seed: int) -> str:
    """What Keras printed in one student's own run: ten epochs, numbers of its own."""
    rng = random.Random(seed)
    loss, accuracy = rng.uniform(0.9, 1.3), rng.uniform(0.70, 0.78)
    lines = []
    for epoch in range(1, 11):
        loss *= rng.uniform(0.55, 0.8)
        accuracy += (0.97 - accuracy) * rng.uniform(0.2, 0.4)
        val_loss, val_accuracy = loss * rng.uniform(0.9, 1.1), accuracy * rng.uniform(0.98, 1.01)
        lines.append(
            f"Epoch {epoch}/10\n1875/1875 ━━━━━━━━━━━━━━━━━━━━ 2s 1ms/step - accuracy: "
            f"{accuracy:.4f} - loss: {loss:.4f} - val_accuracy: {val_accuracy:.4f} - "
            f"val_loss: {val_loss:.4f}"
        )
    return "\n".join(lines) + "\n"


def with_log(notebook: nbformat.NotebookNode, log: str) -> nbformat.NotebookNode:
    """The notebook as saved after its run: the training cell shows the run's log."""
    fit = next(c for c in notebook.cells if c.cell_type == "code" and ".fit(" in c.source)
    fit.outputs = [nbformat.v4.new_output("stream", name="stdout", text=log)]
    return notebook


def build_class(size: int, seed: int = 0, plants: int = 1) -> dict[str, nbformat.NotebookNode]:
    """``size`` MNIST notebooks: honest students (the corpus's honest variants, each once,
    and the lesson pasted), and ``plants`` of each kind planted: a student's own answer
    and its disguised copy, two notebooks of one run, the leaked reference. (Every plant
    starts from the same own answer: more than one makes their copies pairs too.)"""
    rng = random.Random(seed)
    cases = {case.name: case for case in CASES}
    notebooks: dict[str, nbformat.NotebookNode] = {}
    for i in range(plants):
        log = training_log(seed * 100_000 + i)
        notebooks[f"own_{i}"] = with_log(_filled(OWN_ANSWER), training_log(rng.random()))
        notebooks[f"copy_of_own_{i}"] = with_log(_filled(disguised()), training_log(rng.random()))
        notebooks[f"log_a_{i}"] = with_log(_filled(LESSON_MNIST), log)  # one run, two
        notebooks[f"log_b_{i}"] = with_log(_filled(LESSON_MNIST), log)  # notebooks
        notebooks[f"leaked_{i}"] = with_log(
            edited_reference("mnist_dense"), training_log(rng.random())
        )
    n = 0
    while len(notebooks) < size:  # each variant once: the rest paste the lesson
        if n < len(HONEST_VARIANTS):
            notebook = case_notebook(cases[HONEST_VARIANTS[n]])
        else:
            notebook = _filled(LESSON_MNIST)
        notebooks[f"honest_{n}"] = with_log(notebook, training_log(rng.random()))
        n += 1
    return notebooks


DISGUISES = {  # name: (answers, the cells after training)
    "reordered": (disguises.REORDERED, disguises.REORDERED_AFTER_FIT),
    "list_to_add": (disguises.LIST_TO_ADD, SOURCE_AFTER_FIT),
    "aliases": (disguises.ALIASES, disguises.ALIASES_AFTER_FIT),
    "keyword_order": (disguises.KEYWORD_ORDER, disguises.KEYWORD_ORDER_AFTER_FIT),
    "helpers": (disguises_combined.HELPERS, SOURCE_AFTER_FIT),
    "all_at_once": (disguises_combined.ALL_AT_ONCE, disguises_combined.ALL_AT_ONCE_AFTER_FIT),
}
ADAPTED_TEXTBOOK = (outside_sources.ADAPTED_TEXTBOOK, outside_sources.ADAPTED_TEXTBOOK_AFTER_FIT)
HONEST_STUDENTS = {  # name: (answers, the cells after training)
    "keras_example": (outside_sources.KERAS_EXAMPLE, outside_sources.KERAS_EXAMPLE_AFTER_FIT),
    "course_repository": (
        outside_sources.COURSE_REPOSITORY,
        outside_sources.COURSE_REPOSITORY_AFTER_FIT,
    ),
    "textbook": (outside_sources.TEXTBOOK, outside_sources.TEXTBOOK_AFTER_FIT),
    "tensorflow_quickstart": (
        outside_sources.TENSORFLOW_QUICKSTART,
        outside_sources.TENSORFLOW_QUICKSTART_AFTER_FIT,
    ),
    "hands_on_book": (outside_sources.HANDS_ON_BOOK, outside_sources.HANDS_ON_BOOK_AFTER_FIT),
    "own_source": (SOURCE, SOURCE_AFTER_FIT),
}
COPIES = {  # each copy beside the notebook it was taken from
    **{f"copy_{name}": "own_source" for name in DISGUISES},
    "adapted_textbook": "textbook",
}


def disguise_class(lesson_pastes: int = 25, seed: int = 0) -> dict[str, nbformat.NotebookNode]:
    """The disguises' class (:mod:`autograder.corpus.disguises`): each disguised copy and
    the adapted textbook beside its source, the honest students written in their own
    styles, the corpus's honest variants, and ``lesson_pastes`` notebooks pasting the
    lesson; every notebook with its own run's log."""
    rng = random.Random(seed)
    cases = {case.name: case for case in CASES}
    written = {**HONEST_STUDENTS, **{f"copy_{name}": work for name, work in DISGUISES.items()}}
    written["adapted_textbook"] = ADAPTED_TEXTBOOK
    notebooks = {name: _filled(answers, after) for name, (answers, after) in written.items()}
    notebooks |= {name: case_notebook(cases[name]) for name in HONEST_VARIANTS}
    notebooks |= {f"lesson_{i}": _filled(LESSON_MNIST) for i in range(lesson_pastes)}
    return {name: with_log(nb, training_log(rng.random())) for name, nb in notebooks.items()}


def _filled(answers: tuple, after_fit: str = LESSON_MNIST_AFTER_FIT) -> nbformat.NotebookNode:
    return filled_student_notebook("mnist_dense", dict(answers), (after_fit,))
