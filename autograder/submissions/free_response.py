"""The answers to the free-response questions, read from a submitted notebook.

They are graded by hand, so the feedback pages show them to the TA. Each question
is found by the opening of its prompt (``**Question 6.**``, from the bundle's
``manual_questions.json``, written by the build); its answer is the markdown that
follows, up to the next code cell or the next question. Answers are kept as text:
the pages escape them, never render them as HTML.
"""

from __future__ import annotations

import json
import re
from typing import Any

from autograder.contracts.bundle import MANUAL_QUESTIONS_FILE, bundle_dir
from autograder.contracts.otter_format import EXPORT_END

PLACEHOLDER = "_Type your answer here, replacing this text._"
MAX_ANSWER_CHARS = 20_000  # enough for any honest answer; a page stays readable
NO_ANSWER = ""


def manual_questions(assignment: str) -> list[dict[str, Any]]:
    path = bundle_dir(assignment) / MANUAL_QUESTIONS_FILE
    if not path.is_file():
        return []
    return json.loads(path.read_text(encoding="utf-8"))


def prompt_key(prompt: str) -> str:
    """What identifies a question in any copy of the notebook: '**Question 6.**'."""
    bold = re.match(r"\*\*[^*]+\*\*", prompt.strip())
    return bold[0] if bold else prompt.strip().splitlines()[0]


def read_answers(notebook: Any, assignment: str) -> list[dict[str, Any]]:
    """One entry per free-response question: its name, points, prompt and the answer."""
    questions = manual_questions(assignment)
    keys = [prompt_key(question["prompt"]) for question in questions]
    cells = [cell for cell in notebook.get("cells", []) if isinstance(cell, dict)]
    answers = []
    for question, key in zip(questions, keys, strict=True):
        others = [other for other in keys if other != key]
        answer, found = _answer_after(cells, question["prompt"], key, others)
        shown = {key: question[key] for key in ("name", "points", "prompt")}  # no solution
        answers.append({**shown, "answer": answer, "found": found})
    return answers


def _answer_after(
    cells: list[Any], prompt: str, key: str, other_keys: list[str]
) -> tuple[str, bool]:
    start = next((i for i, cell in enumerate(cells) if key in _text(cell)), None)
    if start is None:
        return NO_ANSWER, False
    parts = [_after_prompt(_text(cells[start]), prompt, key, other_keys)]
    for cell in cells[start + 1 :]:
        text = _text(cell)
        if cell.get("cell_type") != "markdown" or _starts_another(text, other_keys):
            break
        parts.append(text)
    answer = "\n\n".join(part.strip() for part in parts if part.strip())
    answer = answer.replace(PLACEHOLDER, "").strip()
    return answer[:MAX_ANSWER_CHARS], True


def _after_prompt(text: str, prompt: str, key: str, other_keys: list[str]) -> str:
    """A student may have typed the answer into the prompt's own cell, below the prompt."""
    if prompt in text:
        rest = text.split(prompt, 1)[1]
    else:  # the prompt was edited: skip its first paragraph
        rest = text.split(key, 1)[1].partition("\n\n")[2]
    if _starts_another(rest, other_keys):
        return ""
    return rest.split(EXPORT_END, 1)[0]


def _starts_another(text: str, other_keys: list[str]) -> bool:
    return EXPORT_END in text or any(key in text for key in other_keys)


def _text(cell: Any) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)
