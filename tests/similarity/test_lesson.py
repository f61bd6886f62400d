from pathlib import Path

from autograder.similarity.lesson import lesson_blocks, read_blocks

LESSON_DIR = Path(__file__).resolve().parents[3] / "shared" / "lesson"


def test_the_kept_blocks_are_the_lessons_own():
    """lesson_blocks.json is ../shared/lesson's code, as `python -m
    autograder.similarity.lesson ../shared/lesson` writes it."""
    assert LESSON_DIR.is_dir(), f"the lesson is not beside the project: {LESSON_DIR}"
    blocks = read_blocks(LESSON_DIR)
    assert len(blocks) >= 10
    assert list(lesson_blocks()) == blocks


def test_blocks_are_read_from_python_fences_only(tmp_path):
    (tmp_path / "page.md").write_text(
        "Text\n```python\nx = 1\n```\n```bash\nls\n```\n```python\ny = 2\nz = 3\n```\n"
    )
    assert read_blocks(tmp_path) == ["x = 1", "y = 2\nz = 3"]
