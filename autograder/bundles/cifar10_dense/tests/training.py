from otter.test_files import test_case

OK_FORMAT = False

name = "training"
points = None

@test_case(name="history", points=1, hidden=False)
def test_history(history):
    from autograder.checks import training
    training.check_history(training.as_recorded(history), 'cifar10_dense').require()

@test_case(name="trained", points=1, hidden=True)
def test_trained(model):
    from autograder.checks.hidden import training
    from autograder.judging import training_record
    facts = training_record.facts_for(model, 'cifar10_dense')
    training.check_trained(model, facts, 'cifar10_dense').require()

