import json

import pytest

from autograder.drivers.cluster.manifest import Entry, Manifest


def entry(name: str, **flags) -> Entry:
    return Entry(
        name, name, f"/class/{name}.ipynb", "class", None, None, "d" + name, "mnist_dense", **flags
    )


def manifest(entries: list[Entry], chunk_size: int = 2) -> Manifest:
    return Manifest("/out", ["/class"], "grader", {"timeout": 60.0}, chunk_size, entries)


def test_a_manifest_reads_back_as_written(tmp_path):
    written = manifest([entry("ann"), entry("bob", graded=True), entry("cid", same_as="ann")])
    path = written.write(tmp_path / "manifest.json")
    assert Manifest.read(path) == written
    assert Manifest.read(path).sandbox_limits().timeout == 60.0


def test_chunks_cover_what_is_left_to_grade_once_each():
    entries = [entry(f"s{i}") for i in range(5)] + [entry("old", graded=True)]
    run = manifest(entries + [entry("copy", same_as="s0")], chunk_size=2)
    assert run.chunks == 3
    chunks = [run.chunk(index) for index in range(run.chunks)]
    assert [e.name for chunk in chunks for e in chunk] == [f"s{i}" for i in range(5)]
    with pytest.raises(ValueError, match="chunk 3 is not in this run"):
        run.chunk(3)
    assert manifest([entry("old", graded=True)]).chunks == 0


def test_an_entry_gives_back_its_task():
    task = entry("ann").task()
    assert (task.name, task.digest, task.submission.path.name) == ("ann", "dann", "ann.ipynb")


def test_a_manifest_of_another_format_or_a_damaged_one_is_refused(tmp_path):
    path = manifest([entry("ann")]).write(tmp_path / "manifest.json")
    data = json.loads(path.read_text())
    path.write_text(json.dumps({**data, "version": Manifest.VERSION + 1}))
    with pytest.raises(ValueError, match="another version of densegrade; submit the run again"):
        Manifest.read(path)
    path.write_text(json.dumps({**data, "entries": [{"name": "ann", "score": 3}]}))
    with pytest.raises(ValueError, match="unknown key 'score'.*submit the run again"):
        Manifest.read(path)
    path.write_text("{")
    with pytest.raises(ValueError, match="cannot read the run's manifest"):
        Manifest.read(path)
