import contextlib
import io
from pathlib import Path

import nbformat
import pytest
import yaml
from otter.assign import main as otter_assign
from otter.assign.blocks import BlockType
from otter.assign.question_config import QuestionConfig
from otter.assign.solutions import remove_ignored_lines, replace_solutions

from autograder.contracts.otter_format import (
    BLOCKS,
    EXPORT_BEGIN,
    EXPORT_END,
    MARKUP_TRACE,
    LineKind,
    MasterFormatError,
    code_lines,
    read_master,
    read_test_file,
    solved_cells,
    solved_source,
)

CODE, RAW, MD = nbformat.v4.new_code_cell, nbformat.v4.new_raw_cell, nbformat.v4.new_markdown_cell
CONFIG = (
    "# ASSIGNMENT CONFIG\nname: tiny\ninit_cell: false\ncheck_all_cell: false\n"
    "export_cell: false\nrun_tests: false\ntests:\n  files: true\n  ok_format: false\n"
    "generate: false"
)
SOLUTION_CELL = """numbers = list(range(5))
squares = [n ** 2 for n in numbers]  # SOLUTION
total = sum(squares) #SOLUTION
print(squares)  # SOLUTION NO PROMPT
# BEGIN PROMPT
largest = ...
# END PROMPT
# BEGIN SOLUTION NO PROMPT
largest = max(squares)
# END SOLUTION
if total:
    # BEGIN SOLUTION
    mean = total / len(squares)
    # END SOLUTION
print("debugging")  # IGNORE"""
# Spellings otter assign accepts and a hand parser of `# BEGIN QUESTION` / `manual: true`
# would miss: lower case, extra whitespace, a fenced markdown config, YAML booleans.
TINY_MASTER = [
    RAW(CONFIG),
    CODE("import math"),
    CODE("# ignore\nprint('only for the author')"),
    RAW("# begin question\nname: squares\npoints: [1, 2]"),
    MD("**Question 1.** Square the numbers."),
    RAW("#   Begin   Solution"),
    CODE(SOLUTION_CELL),
    RAW("# END SOLUTION"),
    RAW("# BEGIN TESTS"),
    CODE("def test_squares(squares):\n    assert squares[2] == 4"),
    CODE(
        '""" # BEGIN TEST CONFIG\nhidden: true\n""" # END TEST CONFIG\n'
        "def test_total(total, largest):\n    assert total == 30 and largest == 16"
    ),
    RAW("# END TESTS"),
    RAW("# end question"),
    MD("```otter\n# BEGIN QUESTION\nname: opinion\nmanual: yes\npoints: 3\n```"),
    MD("**Question 2.** Why square?"),
    RAW("# BEGIN SOLUTION"),
    MD("Because squares are never negative."),
    RAW("# END SOLUTION"),
    RAW("# END QUESTION"),
    RAW("# BEGIN QUESTION\nname: summary\nmanual: True\npoints: 2"),
    MD("**Question 3.** Sum them up."),
    RAW("# BEGIN SOLUTION"),
    MD("The squares add up to thirty."),
    RAW("# END SOLUTION"),
    RAW("# END QUESTION"),
    RAW("# BEGIN QUESTION\nname: counting\nmanual: false\npoints: {each: 2}"),
    MD("**Question 4.** Nothing to write."),
    RAW("# BEGIN TESTS"),
    CODE("# HIDDEN\ndef test_roots():\n    assert math.sqrt(4) == 2"),
    CODE("def test_numbers(numbers):\n    assert len(numbers) == 5"),
    RAW("# END TESTS"),
    RAW("# END QUESTION"),
]


def write_master(folder: Path, cells: list, name: str = "tiny") -> Path:
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    path = folder / f"{name}.ipynb"
    nbformat.write(notebook, path)
    return path


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """The tiny master, and what otter assign made of it."""
    folder = tmp_path_factory.mktemp("tiny")
    master = write_master(folder, TINY_MASTER)
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        otter_assign(str(master), str(folder / "dist"), no_pdfs=True, no_run_tests=True)
    return master, folder / "dist"


def cells_of(notebook_path: Path) -> list:
    return nbformat.read(notebook_path, as_version=4).cells


def test_block_names_are_otters():
    assert BLOCKS == tuple(block.value for block in BlockType)


def test_questions_are_read_in_every_spelling_otter_accepts(tiny):
    questions = read_master(tiny[0]).questions
    assert [(q.name, q.manual, q.points) for q in questions] == [
        ("squares", False, 3.0),  # points: [1, 2] over its two tests
        ("opinion", True, 3.0),  # fenced config, manual: yes
        ("summary", True, 2.0),  # manual: True
        ("counting", False, 4.0),  # points: {each: 2}
    ]
    assert [q.prompt for q in questions][:2] == [
        "**Question 1.** Square the numbers.",
        "**Question 2.** Why square?",
    ]
    assert questions[0].config == {"name": "squares", "points": [1, 2]}


def test_otter_writes_test_files_for_the_autograded_questions_with_their_points(tiny):
    master, dist = tiny
    autograded = {q.name: q.points for q in read_master(master).questions if not q.manual}
    written = {path.stem: path for path in (dist / "autograder" / "tests").glob("*.py")}
    assert set(written) == set(autograded)
    assert {name: read_test_file(path).points for name, path in written.items()} == autograded


def test_manual_questions_are_the_ones_otter_wraps_for_export(tiny):
    student = "\n".join(cell.source for cell in cells_of(tiny[1] / "student" / "tiny.ipynb"))
    assert student.count(EXPORT_BEGIN) == student.count(EXPORT_END) == 2


def test_ignored_cells_and_lines_are_gone_as_in_otters_notebooks(tiny):
    master, dist = tiny
    sources = [cell.cell.source for cell in read_master(master).cells]
    for notebook in (dist / "student" / "tiny.ipynb", dist / "autograder" / "tiny.ipynb"):
        assert "only for the author" not in str(cells_of(notebook))
        assert "debugging" not in str(cells_of(notebook))
    assert not any("only for the author" in source for source in sources)


def test_student_lines_are_what_otter_gives_students(tiny):
    student = [line.student for line in code_lines(SOLUTION_CELL) if line.student is not None]
    sources = [cell.source for cell in cells_of(tiny[1] / "student" / "tiny.ipynb")]
    assert "\n".join(student) in sources


def test_hidden_tests_are_read_from_test_configs_and_comments(tiny):
    tests = tiny[1] / "autograder" / "tests"
    squares, counting = read_test_file(tests / "squares.py"), read_test_file(tests / "counting.py")
    assert [(c.function, c.hidden, c.parameters) for c in squares.cases] == [
        ("test_squares", False, ("squares",)),
        ("test_total", True, ("total", "largest")),
    ]
    assert [case.hidden for case in counting.cases] == [True, False]
    public = read_test_file(tiny[1] / "student" / "tests" / "squares.py")
    assert [case.function for case in public.cases] == ["test_squares"]


@pytest.mark.parametrize(
    "source",
    [
        SOLUTION_CELL,
        "x = 1  # SOLUTION\ny = 2 #SOLUTION\nz = 3 # SOLUTION   ",
        "a, b = 1, 2  # SOLUTION",
        "d['key'] = 4  # SOLUTION",
        "f(x)  # SOLUTION",
        "    # BEGIN SOLUTION\n    z = 1\n    # END SOLUTION\n# BEGIN SOLUTION NO PROMPT\nw = 2\n"
        "# END SOLUTION",
        "# begin solution\nkept = 'otter only knows the upper-case line marker'",
        "np.random.seed(1)  # SEED\nkept = 1  # IGNORE\n# BEGIN IGNORE\ngone = 2\n# END IGNORE",
    ],
)
def test_code_lines_give_students_what_otter_gives_them(source):
    ours = [line.student for line in code_lines(source) if line.student is not None]
    assert ours == replace_solutions(remove_ignored_lines(source.split("\n")), "python")


def test_solved_source_is_the_code_the_reference_runs():
    assert solved_source(SOLUTION_CELL) == (
        "numbers = list(range(5))\n"
        "squares = [n ** 2 for n in numbers]\n"
        "total = sum(squares)\n"
        "print(squares)\n"
        "largest = max(squares)\n"
        "if total:\n"
        "    mean = total / len(squares)"
    )


def test_hidden_parts_are_what_otter_takes_away():
    hidden = [line.hidden for line in code_lines(SOLUTION_CELL) if line.hidden]
    assert hidden == [
        "[n ** 2 for n in numbers]",  # students keep `squares = ...`
        "sum(squares)",
        "print(squares)",
        "largest = max(squares)",
        "mean = total / len(squares)",
    ]
    kinds = {line.source.strip(): line.kind for line in code_lines(SOLUTION_CELL)}
    assert kinds["largest = ..."] is LineKind.PROMPT
    assert kinds["# BEGIN SOLUTION NO PROMPT"] is LineKind.MARKER


@pytest.mark.parametrize("value", ["true", "True", "TRUE", "yes", "on", "false", "no", "off"])
def test_manual_is_read_as_otter_reads_its_yaml(tmp_path, value):
    config = f"# BEGIN QUESTION\nname: q\nmanual: {value}\npoints: 1"
    cells = [RAW(config), MD("**Question.**"), RAW("# END QUESTION")]
    (question,) = read_master(write_master(tmp_path, cells)).questions
    assert question.manual == bool(QuestionConfig(yaml.full_load(config)).manual)
    assert question.manual == (value.lower() in ("true", "yes", "on"))


def test_solved_cells_of_the_tiny_master(tiny):
    cells = solved_cells(tiny[0])
    assert [cell.cell_type for cell in cells] == ["code", "markdown", "code"] + ["markdown"] * 5
    assert cells[2].source == solved_source(SOLUTION_CELL)
    assert "Because squares are never negative." in [cell.source for cell in cells]


def test_solved_cells_are_the_lesson_without_otter_markup_or_tests(project_root):
    cells = solved_cells(project_root / "solutions/mnist_dense.ipynb")
    sources = "\n".join(cell.source for cell in cells)
    assert "model.fit(" in sources and "mnist.load_data()" in sources
    assert "def test_" not in sources and "BEGIN" not in sources and "# SOLUTION" not in sources
    assert all(cell.cell_type != "raw" for cell in cells)


def test_an_end_that_closes_nothing_is_refused(tmp_path):
    cells = [RAW("# BEGIN QUESTION\nname: q"), RAW("# END SOLUTION"), RAW("# END QUESTION")]
    with pytest.raises(MasterFormatError, match="cell 2: an end cell that closes no open block"):
        read_master(write_master(tmp_path, cells))


@pytest.mark.parametrize(
    "text",
    [
        "# begin solution",
        "#BEGIN SOLUTION",
        "# BEGIN HIDDEN TESTS",
        "#  End  Question",
        '""" # BEGIN TEST CONFIG',
        "x = 1  # SOLUTION",
        "@test_case(points=1, hidden = True)",
    ],
)
def test_any_trace_of_otter_markup_is_found(text):
    assert MARKUP_TRACE.search(f"before\n{text}\nafter")


@pytest.mark.parametrize(
    "text", ["## Solution", "<!-- END QUESTION -->", "hidden=False", "# Question 1"]
)
def test_student_facing_text_is_not_mistaken_for_markup(text):
    assert not MARKUP_TRACE.search(text)
