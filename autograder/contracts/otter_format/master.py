"""Master notebooks (``solutions/*.ipynb``, otter-assign's format), read as otter reads them.

Everything goes through otter-assign's own helpers: block boundaries in any case and
spacing (``# begin question``) or fenced in ```` ```otter ```` cells, YAML configs
(``manual: yes``), ``# ignore`` cells and lines, and the solution markers of code cells
(``# SOLUTION``, ``# BEGIN SOLUTION [NO PROMPT]``, ``# BEGIN PROMPT``...). Otter 7 has
no hidden-tests block: a test is hidden by ``hidden: true`` in its TEST CONFIG header.

otter (and nbformat, which it loads) is imported where it is used: that import takes
seconds, and this package is imported wherever ``autograder.contracts.assignments`` is.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nbformat import NotebookNode
    from otter.assign.question_config import QuestionConfig

# Otter's block types (otter.assign.blocks.BlockType values).
QUESTION, PROMPT, SOLUTION, TESTS = "question", "prompt", "solution", "tests"
BLOCKS = (QUESTION, PROMPT, SOLUTION, TESTS)
# The comments otter puts around a manual question in the student notebook (PDF filtering).
EXPORT_BEGIN, EXPORT_END = "<!-- BEGIN QUESTION -->", "<!-- END QUESTION -->"
# Any trace of otter-assign markup, spelt loosely (a misspelt marker is one otter let
# through): none may reach students. Line markers are case-sensitive, as otter's are.
MARKUP_TRACE = re.compile(
    r"(?i:#\s*(?:begin|end)\s+(?:question|prompt|solution|tests|hidden|test\s+config)"
    r"|#\s*assignment\s+config)"
    r"|# ?SOLUTION|hidden\s*=\s*True"
)
# In a manual question's solution markdown, what follows this is the TAs' rubric.
RUBRIC_MARK = "**Rubric.**"
_LINE_MARKER = re.compile(r"(.*) ?# ?SOLUTION")  # otter's: the last marker on the line


class MasterFormatError(ValueError):
    """A master notebook that otter assign would refuse."""


@dataclass(frozen=True)
class MasterCell:
    """A cell of a master notebook that is not otter markup."""

    cell: NotebookNode
    block: str | None  # the innermost open block (QUESTION, PROMPT, SOLUTION, TESTS)
    question: str | None  # the question it belongs to
    solution: bool  # otter strips it for students: solution code, or a solution's markdown


@dataclass(frozen=True)
class Question:
    name: str
    manual: bool
    points: float  # as otter counts them: a manual question's `points`, else its tests'
    prompt: str  # the question's first markdown cell (outside its blocks), stripped
    config: dict[str, Any]  # the YAML config as written
    cells: tuple[MasterCell, ...]


@dataclass(frozen=True)
class Master:
    path: Path
    config: dict[str, Any]  # the ASSIGNMENT CONFIG, as written
    cells: tuple[MasterCell, ...]  # every cell but otter markup, in notebook order
    questions: tuple[Question, ...]


class LineKind(Enum):
    CODE = "code"  # students get it as written
    PROMPT = "prompt"  # between `# BEGIN PROMPT` and `# END PROMPT`: students only
    SOLUTION = "solution"  # replaced by `...` or removed for students
    MARKER = "marker"  # otter's markup; nobody runs it
    SEED = "seed"  # `# SEED`: the reference's seeding, removed for students


@dataclass(frozen=True)
class CodeLine:
    """One line of a solution cell, classified as otter's ``replace_solutions`` does."""

    source: str  # as written in the master
    kind: LineKind
    code: str  # as the reference runs it, without its marker
    student: str | None  # as otter writes it for students; None: removed
    hidden: str  # the code otter takes away from students on this line ("" if none)


def read_master(path: Path) -> Master:
    """A master notebook as otter assign reads it."""
    return _MasterWalk(path).read()


class _MasterWalk:
    """otter's own walk (``NotebookTransformer._get_transformed_cells``), keeping what it reads."""

    def __init__(self, path: Path) -> None:
        import nbformat
        from otter.assign import blocks, utils
        from otter.assign.assignment import Assignment
        from otter.assign.question_config import QuestionConfig
        from otter.assign.tests_manager import AssignmentTestsManager

        self.nbformat, self.otter_blocks, self.otter_utils = nbformat, blocks, utils
        self.question_config = QuestionConfig
        self.path, self.config = path, {}
        self.assignment = Assignment()
        self.tests = AssignmentTestsManager(self.assignment)  # otter's point arithmetic
        self.open: list[str] = []
        self.question: QuestionConfig | None = None
        self.cells: list[MasterCell] = []
        self.questions: list[tuple[QuestionConfig, dict[str, Any]]] = []

    def read(self) -> Master:
        notebook = self.nbformat.read(self.path, as_version=4)
        for index, cell in enumerate(
            self.otter_blocks.extract_all_fenced_otter_cells(notebook.cells)
        ):
            self.visit(cell, index)
        questions = tuple(self._question(question, config) for question, config in self.questions)
        return Master(self.path, self.config, tuple(self.cells), questions)

    def visit(self, cell: NotebookNode, index: int) -> None:
        if self.otter_utils.is_ignore_cell(cell):
            return
        if self.otter_blocks.is_assignment_config_cell(cell):
            config = self.otter_blocks.get_cell_config(cell)
            self.config.update(config)
            self.assignment.update(config)
        elif self.open and self.is_boundary(cell, self.open[-1], end=True):
            if self.open.pop() == QUESTION:
                self.question = None
        elif (block := self.begins(cell)) is not None:
            self._begin(block, cell, index)
        else:
            self._content(cell, index)

    def is_boundary(self, cell: NotebookNode, block: str, end: bool = False) -> bool:
        block_type = self.otter_blocks.BlockType(block)
        return self.otter_blocks.is_block_boundary_cell(cell, block_type, end=end)

    def begins(self, cell: NotebookNode) -> str | None:
        return next((block for block in BLOCKS if self.is_boundary(cell, block)), None)

    def _begin(self, block: str, cell: NotebookNode, index: int) -> None:
        nested_question = block == QUESTION and self.open
        outside_question = block != QUESTION and not self.open
        if nested_question or outside_question or len(self.open) > 1:
            self._fail(f"a begin {block} cell where otter allows none", index)
        if block == QUESTION:
            config = self.otter_blocks.get_cell_config(cell)
            if not isinstance(config, dict) or "name" not in config:
                self._fail("a question config that is not a mapping with a name", index)
            self.question = self.question_config(config)
            self.tests.add_question(self.question)
            self.questions.append((self.question, config))
        self.open.append(block)

    def _content(self, cell: NotebookNode, index: int) -> None:
        if any(self.is_boundary(cell, block, end=True) for block in BLOCKS):
            self._fail("an end cell that closes no open block", index)
        block = self.open[-1] if self.open else None
        if block == TESTS:
            if cell.cell_type != "code":
                self._fail("a cell in a tests block that is not code", index)
            self.tests.read_test(cell, self.question)
        strips_all = self.assignment.strip_solutions_from_all_cells and cell.cell_type == "code"
        name = self.question.name if self.question else None
        self.cells.append(MasterCell(cell, block, name, block == SOLUTION or strips_all))

    def _fail(self, problem: str, index: int) -> None:
        raise MasterFormatError(f"{self.path}: cell {index + 1}: {problem}")

    def _question(self, question: QuestionConfig, config: dict[str, Any]) -> Question:
        cells = tuple(cell for cell in self.cells if cell.question == question.name)
        prompts = (
            cell.cell.source.strip()
            for cell in cells
            if cell.block == QUESTION and cell.cell.cell_type == "markdown"
        )
        return Question(
            name=question.name,
            manual=bool(question.manual),  # otter tests its truth, whatever its type
            points=float(self.tests.determine_question_point_value(question)),
            prompt=next(prompts, ""),
            config=config,
            cells=cells,
        )


def code_lines(source: str) -> list[CodeLine]:
    """The lines of a solution cell that otter keeps (not ``# IGNORE``), classified."""
    return _SolutionLines().read(source)


class _SolutionLines:
    """otter's ``replace_solutions``, line by line, in its order of tests."""

    def __init__(self) -> None:
        from otter.assign import solutions

        self.otter = solutions
        self.in_solution = self.in_prompt = False

    def unignored(self, source: str) -> list[str]:
        return self.otter.remove_ignored_lines(re.split(r"\r?\n", source))

    def read(self, source: str) -> list[CodeLine]:
        lines = [self._classify(line) for line in self.unignored(source)]
        if self.in_solution:
            raise MasterFormatError(f"BEGIN SOLUTION without END SOLUTION in {source!r}")
        return lines

    def _classify(self, line: str) -> CodeLine:
        otter, end = self.otter, line.rstrip()
        if any(end.endswith(suffix) for suffix in otter.skip_suffixes):
            return self._skipped(line)
        if self.in_solution and not end.endswith("# END SOLUTION"):
            return CodeLine(line, LineKind.SOLUTION, line, None, line.strip())
        if end.endswith("# END SOLUTION"):
            if not self.in_solution:
                raise MasterFormatError(f"END SOLUTION without BEGIN SOLUTION: {line!r}")
            self.in_solution = False
            return CodeLine(line, LineKind.MARKER, "", None, "")
        if begin := otter.begin_solution_regex.match(line):
            self.in_solution = True
            student = None if begin[2] else begin[1] + otter.BLOCK_PROMPT
            return CodeLine(line, LineKind.MARKER, "", student, "")
        if target := otter.solution_assignment_regex.match(line):  # `x = ...` for students
            code = _LINE_MARKER.match(line)[1].rstrip()
            student = otter.solution_assignment_sub(target)
            return CodeLine(line, LineKind.SOLUTION, code, student, code[len(target[1]) :].strip())
        if whole := otter.solution_line_regex.match(line):  # `...` for students
            code = _LINE_MARKER.match(line)[1].rstrip()
            return CodeLine(
                line, LineKind.SOLUTION, code, otter.solution_line_sub(whole), code.strip()
            )
        kind = LineKind.PROMPT if self.in_prompt else LineKind.CODE
        return CodeLine(line, kind, line, line, "")

    def _skipped(self, line: str) -> CodeLine:
        """A line otter drops for students because of its ending (``skip_suffixes``)."""
        end = line.rstrip()
        if end.endswith("# SOLUTION NO PROMPT"):
            code = end.removesuffix("# SOLUTION NO PROMPT").rstrip()
            return CodeLine(line, LineKind.SOLUTION, code, None, code.strip())
        if end.endswith("# SEED"):
            return CodeLine(line, LineKind.SEED, line, None, "")
        if end.endswith("# BEGIN PROMPT") or end.endswith("# END PROMPT"):
            self.in_prompt = end.endswith("# BEGIN PROMPT")
        return CodeLine(line, LineKind.MARKER, "", None, "")


def solved_source(source: str) -> str:
    """A solution cell as the reference runs it: no markers, no prompt lines."""
    runs = (LineKind.CODE, LineKind.SOLUTION, LineKind.SEED)
    return "\n".join(line.code for line in code_lines(source) if line.kind in runs)


def reference_answer(markdown: str) -> str:
    """A solution's written answer without its rubric (after :data:`RUBRIC_MARK`)."""
    return markdown.partition(RUBRIC_MARK)[0].strip()


def rubric(markdown: str) -> str:
    return markdown.partition(RUBRIC_MARK)[2].strip()


def solved_cells(path: Path) -> list[NotebookNode]:
    """The master as a student who solved it would have it: no markup, tests or prompts."""
    cells = []
    for master_cell in read_master(path).cells:
        if master_cell.block in (TESTS, PROMPT):
            continue
        cell = copy.deepcopy(master_cell.cell)
        if master_cell.solution and cell.cell_type == "code":
            cell.source = solved_source(cell.source)
        elif master_cell.solution:  # a written answer: the student writes no rubric
            cell.source = reference_answer(cell.source)
        else:  # otter drops `# IGNORE` lines from every cell
            cell.source = "\n".join(_SolutionLines().unignored(cell.source))
        cells.append(cell)
    return cells
