from otter.test_files import test_case

OK_FORMAT = False

name = "model"
points = None

@test_case(name="architecture", points=2, hidden=False)
def test_architecture(model):
    from autograder.checks import model as model_checks
    model_checks.check_architecture(model, 'mnist_dense').require()

