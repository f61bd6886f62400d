from otter.test_files import test_case

OK_FORMAT = False

name = "compile"
points = None

@test_case(name="compiled", points=1, hidden=False)
def test_compiled(model):
    from autograder.checks import compile
    compile.check_compiled(model, 'cifar10_dense').require()

