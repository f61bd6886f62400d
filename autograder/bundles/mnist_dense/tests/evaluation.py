from otter.test_files import test_case

OK_FORMAT = False

name = "evaluation"
points = None

@test_case(name="predicts_probabilities", points=1, hidden=False)
def test_predicts_probabilities(model):
    from autograder.checks import evaluation
    evaluation.check_predicts_probabilities(model, 'mnist_dense').require()

@test_case(name="accuracy_full", points=2, hidden=True)
def test_accuracy_full(model, history):
    from autograder.checks.hidden import evaluation
    from autograder.judging import training_record
    facts = training_record.facts_for(model, 'mnist_dense')
    evaluation.check_accuracy(model, history, facts, 'mnist_dense', level='full').require()

