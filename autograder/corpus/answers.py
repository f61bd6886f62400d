"""Code students write into the stubs: the lesson's own, pasted cell for cell, and a
student's own tidy version, for the cases that change one thing in it."""

from __future__ import annotations

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
