from otter.test_files import test_case

OK_FORMAT = False

name = "training"
points = None

@test_case(name="history", points=1, hidden=False)
def test_history(history):
    from autograder.checks import training
    training.check_history(history).require()

@test_case(name="trained", points=1, hidden=True)
def test_trained(model, history):
    from autograder.checks import provenance
    provenance.check_trained(model, history, 'mnist_dense').require()

