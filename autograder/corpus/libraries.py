"""Work that uses the student environment's other packages (scikit-learn, pandas, seaborn)
the way students do, and an import of a package the grader does not have."""

from __future__ import annotations

from autograder.corpus.answers import STUDENT_MODEL, STUDENT_PREPROCESSING, student
from autograder.corpus.case import Case, fails

CIFAR_MODEL = STUDENT_MODEL.replace("784", "3072")
# A textbook's CIFAR-10 preprocessing: scikit-learn one-hot encodes the labels.
LABEL_BINARIZER = """from sklearn.preprocessing import LabelBinarizer

X_train = X_train.reshape((X_train.shape[0], 3072)).astype("float") / 255.0
X_test = X_test.reshape((X_test.shape[0], 3072)).astype("float") / 255.0
lb = LabelBinarizer()
y_train = lb.fit_transform(y_train)
y_test = lb.transform(y_test)"""
ONE_HOT_ENCODER = """from sklearn.preprocessing import OneHotEncoder

X_train = X_train.reshape(len(X_train), -1) / 255
X_test = X_test.reshape(len(X_test), -1) / 255
encoder = OneHotEncoder(sparse_output=False)
y_train = encoder.fit_transform(y_train.reshape(-1, 1))
y_test = encoder.transform(y_test.reshape(-1, 1))"""
PANDAS_LABELS = """import pandas as pd

counts = pd.Series(y_train.argmax(axis=1)).value_counts().sort_index()
print(counts)"""
SEABORN_CURVES = """import pandas as pd
import seaborn as sns

curves = pd.DataFrame(history.history)
curves.index.name = "epoch"
sns.lineplot(data=curves[["accuracy", "val_accuracy"]])"""
# A validation set split off the training set, as scikit-learn's tutorials teach: the
# model then trains on 90% of the training images, where the lesson trains on all of
# them and validates on the test set. Charged once, by `trained`; the accuracy counts.
TRAIN_TEST_SPLIT = """from sklearn.model_selection import train_test_split

X_tr, X_val, y_tr, y_val = train_test_split(X_train, y_train, test_size=0.1, random_state=42)
history = model.fit(X_tr, y_tr, epochs=10, validation_data=(X_val, y_val))"""

# A preprocessing cell that stops at its first line: nothing prepared, `fit` raises.
UNPREPARED = ("flattened", "scaled", "one_hot", "history", "trained", "accuracy_full")

LIBRARIES: tuple[Case, ...] = (
    Case(
        "cifar10_sklearn_label_binarizer",
        "cifar10_dense",
        "labels one-hot encoded with scikit-learn's LabelBinarizer, as a textbook does",
        13,
        answers=student(preprocessing=LABEL_BINARIZER, model=CIFAR_MODEL),
    ),
    Case(
        "mnist_sklearn_one_hot_encoder",
        "mnist_dense",
        "labels one-hot encoded with scikit-learn's OneHotEncoder (float64 images)",
        13,
        answers=student(preprocessing=ONE_HOT_ENCODER),
    ),
    Case(
        "mnist_sklearn_train_test_split",
        "mnist_dense",
        "a validation set split off the training set with train_test_split: trains on 90% of it",
        12,
        fails("trained"),
        answers=(  # a student of its own: every cell in its own style
            (
                "preprocessing",
                "from tensorflow.keras.utils import to_categorical\n\n"
                "X_train = X_train.reshape((-1, 784)).astype(np.float32) / 255.0\n"
                "X_test = X_test.reshape((-1, 784)).astype(np.float32) / 255.0\n"
                "y_train, y_test = to_categorical(y_train, 10), to_categorical(y_test, 10)",
            ),
            (
                "model",
                "from tensorflow import keras as K\n\n"
                "model = K.models.Sequential([\n"
                "    K.layers.InputLayer(shape=(784,)),\n"
                "    K.layers.Dense(32, activation='relu'),\n"
                "    K.layers.Dense(16, activation='relu'),\n"
                "    K.layers.Dense(10, activation='softmax'),\n"
                "])",
            ),
            ("compile", 'model.compile("sgd", "categorical_crossentropy", metrics=["accuracy"])'),
            ("training", TRAIN_TEST_SPLIT),
        ),
    ),
    Case(
        "mnist_pandas_and_seaborn",
        "mnist_dense",
        "a pandas count of the labels and a seaborn plot of the curves",
        13,
        answers=(  # a student of its own: every cell in its own style
            (
                "preprocessing",
                "n_train, n_test = len(X_train), len(X_test)\n"
                "X_train = np.asarray(X_train, dtype=np.float32).reshape(n_train, -1) / 255\n"
                "X_test = np.asarray(X_test, dtype=np.float32).reshape(n_test, -1) / 255\n"
                "y_train = keras.utils.to_categorical(y_train)\n"
                "y_test = keras.utils.to_categorical(y_test)\n"
                f"{PANDAS_LABELS}",
            ),
            (
                "model",
                "model = keras.Sequential()\n"
                "model.add(keras.Input(shape=(28 * 28,)))\n"
                "model.add(keras.layers.Dense(units=32, activation='relu'))\n"
                "model.add(keras.layers.Dense(units=16, activation='relu'))\n"
                "model.add(keras.layers.Dense(units=10, activation='softmax'))",
            ),
            (
                "compile",
                "model.compile(loss='categorical_crossentropy', optimizer='sgd',\n"
                "              metrics=['accuracy'])",
            ),
            (
                "training",
                "history = model.fit(x=X_train, y=y_train, epochs=10,\n"
                "                    validation_data=(X_test, y_test), verbose=2)",
            ),
        ),
        extra_cells=(SEABORN_CURVES,),
    ),
    # --- a package the grader does not have: the cell stops at its import ---------------
    Case(
        "mnist_undeclared_import",
        "mnist_dense",
        "imports xgboost, which the grader lacks, at the top of its preprocessing cell",
        6,
        fails(*UNPREPARED),
        answers=student(preprocessing=f"import xgboost\n{STUDENT_PREPROCESSING}"),
        missing=("xgboost",),
    ),
    Case(
        "cifar10_undeclared_import",
        "cifar10_dense",
        "imports xgboost, which the grader lacks, at the top of its preprocessing cell",
        6,
        fails(*UNPREPARED, "accuracy_partial"),
        answers=student(preprocessing=f"import xgboost\n{LABEL_BINARIZER}", model=CIFAR_MODEL),
        missing=("xgboost",),
    ),
)
