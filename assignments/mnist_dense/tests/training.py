from otter.test_files import test_case

OK_FORMAT = False

name = "training"
points = None

@test_case(name="history", points=1, hidden=False)
def test_history(history):
    from autograder.checks import training
    training.check_history(training.as_recorded(history), 'mnist_dense').require()

