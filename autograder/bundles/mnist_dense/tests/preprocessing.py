from otter.test_files import test_case

OK_FORMAT = False

name = "preprocessing"
points = None

@test_case(name="flattened", points=1, hidden=False)
def test_flattened(X_train, X_test):
    from autograder.checks import preprocessing
    preprocessing.check_flattened(X_train, X_test, 'mnist_dense').require()

@test_case(name="scaled", points=1, hidden=False)
def test_scaled(X_train, X_test):
    from autograder.checks import preprocessing
    preprocessing.check_scaled(X_train, X_test, 'mnist_dense').require()

@test_case(name="one_hot", points=1, hidden=False)
def test_one_hot(y_train, y_test):
    from autograder.checks import preprocessing
    preprocessing.check_one_hot(y_train, y_test, 'mnist_dense').require()

@test_case(name="matches_dataset", points=1, hidden=True)
def test_matches_dataset(X_train, X_test, y_train, y_test):
    from autograder.checks.hidden import preprocessing
    preprocessing.check_matches_dataset(X_train, X_test, y_train, y_test, 'mnist_dense').require()

