from otter.test_files import test_case

OK_FORMAT = False

name = "evaluation"
points = None

@test_case(name="predicts_probabilities", points=1, hidden=False)
def test_predicts_probabilities(model):
    from autograder.checks import evaluation
    evaluation.check_predicts_probabilities(model, 'mnist_dense').require()

