from autograder.reports import comparison


def test_confusion_matrix_shades_by_share_of_the_true_class():
    cells = comparison.confusion_cells([[8, 2], [0, 5]])
    assert [[cell["share"] for cell in row] for row in cells] == [[0.8, 0.2], [0.0, 1.0]]
    assert cells[1][1]["diagonal"] and not cells[0][1]["diagonal"]
