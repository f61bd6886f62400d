"""One reader for otter-grader's file formats, so that we read them exactly as otter does.

``master`` reads master notebooks (``solutions/*.ipynb``) with otter-assign's own helpers;
``test_files`` reads the generated test files (``tests/*.py``) with otter's own parser.
Import from here: ``from autograder.contracts.otter_format import read_master, read_test_file``.
"""

from autograder.contracts.otter_format.master import (
    BLOCKS,
    EXPORT_BEGIN,
    EXPORT_END,
    MARKUP_TRACE,
    PROMPT,
    QUESTION,
    RUBRIC_MARK,
    SOLUTION,
    TESTS,
    CodeLine,
    LineKind,
    Master,
    MasterCell,
    MasterFormatError,
    Question,
    code_lines,
    read_master,
    reference_answer,
    rubric,
    solved_cells,
    solved_source,
)
from autograder.contracts.otter_format.test_files import (
    OtterTestCase,
    OtterTestFile,
    load_test_file,
    name_test_cases,
    parse_test_file,
    read_test_file,
    total_points,
)

__all__ = [
    "BLOCKS",
    "EXPORT_BEGIN",
    "EXPORT_END",
    "MARKUP_TRACE",
    "PROMPT",
    "QUESTION",
    "RUBRIC_MARK",
    "SOLUTION",
    "TESTS",
    "CodeLine",
    "LineKind",
    "Master",
    "MasterCell",
    "MasterFormatError",
    "OtterTestCase",
    "OtterTestFile",
    "Question",
    "code_lines",
    "load_test_file",
    "name_test_cases",
    "parse_test_file",
    "read_master",
    "read_test_file",
    "reference_answer",
    "rubric",
    "solved_cells",
    "solved_source",
    "total_points",
]
