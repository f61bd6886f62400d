from otter.test_files import test_case

OK_FORMAT = False

name = "model"
points = None

@test_case(name="architecture", points=2, hidden=False)
def test_architecture(model):
    from autograder.checks import model as model_checks
    model_checks.check_architecture(model, 'cifar10_dense').require()

@test_case(name="input_size", points=1, hidden=True)
def test_input_size(model):
    from autograder.checks.hidden import model as model_checks
    model_checks.check_input_size(model, 'cifar10_dense').require()

