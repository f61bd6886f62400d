import io
import zipfile

import pytest

from autograder.authoring import handout, leak_scan
from autograder.contracts.archive import zip_bytes
from autograder.contracts.assignments import ASSIGNMENTS, SPEC_FILE


def generated_files(project_root, assignment):
    """The build's student files for ``assignment``, as committed (equal to a fresh build:
    tests/test_build.py)."""
    folder = project_root / "assignments" / assignment
    spec = project_root / "autograder" / "bundles" / assignment / SPEC_FILE
    return {
        **{
            path.relative_to(project_root): path.read_bytes()
            for path in folder.rglob("*")
            if path.is_file() and "__pycache__" not in path.parts
        },
        spec.relative_to(project_root): spec.read_bytes(),
    }


@pytest.fixture(scope="module", params=sorted(ASSIGNMENTS))
def files(request, project_root):
    return request.param, handout.handout_files(
        request.param, generated_files(project_root, request.param)
    )


def test_the_handout_holds_the_notebook_its_public_tests_and_the_public_checks(files):
    name, contents = files
    assert f"{name}/{name}.ipynb" in contents
    assert {f"{name}/README.md", f"{name}/requirements.txt"} <= set(contents)
    tests = {path for path in contents if path.startswith(f"{name}/tests/")}
    assert tests == {
        f"{name}/tests/{q}.py"
        for q in ("preprocessing", "model", "compile", "training", "evaluation")
    }
    modules = {path.removeprefix(f"{name}/") for path in contents if "/autograder/" in path}
    assert "autograder/checks/preprocessing.py" in modules
    grader_only = (
        "checks/hidden",
        "bundles",
        "corpus",
        "samples",
        "judging",
        "kernel",
        "execution",
    )
    # Of a bundle, the handout holds its spec alone: what the public checks expect.
    assert f"autograder/bundles/{name}/{SPEC_FILE}" in modules
    modules.discard(f"autograder/bundles/{name}/{SPEC_FILE}")
    assert not [path for path in modules if any(part in path for part in grader_only)]


def test_the_handout_needs_only_what_the_notebook_needs(files):
    _, contents = files
    requirements = next(v for k, v in contents.items() if k.endswith("requirements.txt"))
    assert requirements.decode().split() == list(handout.REQUIREMENTS)
    modules = "\n".join(v.decode() for k, v in contents.items() if "/autograder/" in k)
    assert "import tomllib" not in modules  # Python 3.10 has none
    assert "import resource" not in modules  # Windows has none


def test_the_handout_zip_is_reproducible(files):
    name, contents = files
    assert zip_bytes(contents) == zip_bytes(dict(reversed(list(contents.items()))))


def test_the_handouts_leak_nothing(files, project_root):
    name, contents = files
    secrets = leak_scan.project_secrets(project_root)
    assert leak_scan.find_archive_leaks(name, zip_bytes(contents), secrets) == []


@pytest.mark.parametrize(
    "member, planted",
    [
        ("tests/model.py", "X_train = X_train.reshape(X_train.shape[0], 784)"),  # a solution
        ("tests/model.py", "def test_matches_dataset(X_train, X_test, y_train, y_test):"),
        ("autograder/checks/extra.py", "def check_matches_dataset("),  # a hidden check
        ("README.md", "# BEGIN SOLUTION"),
    ],
)
def test_a_leak_planted_in_a_handout_is_found(files, project_root, member, planted):
    name, contents = files
    planted_in = f"{name}/{member}"
    copy = dict(contents)
    copy[planted_in] = copy.get(planted_in, b"") + f"\n{planted}\n".encode()
    secrets = leak_scan.project_secrets(project_root)
    leaks = leak_scan.find_archive_leaks("handout.zip", zip_bytes(copy), secrets)
    assert leaks and all(leak.startswith(f"handout.zip!{planted_in}") for leak in leaks)


def test_a_leak_inside_a_wheel_inside_the_handout_is_found(files, project_root):
    name, contents = files
    hidden = (project_root / "autograder/checks/hidden/model.py").read_text()
    definition = next(line for line in hidden.splitlines() if line.startswith("def check_"))
    wheel = zip_bytes({"densegrade_checks/hidden.py": f"{definition}\n    pass\n".encode()})
    wheel_path = f"{name}/wheels/checks-1.0-py3-none-any.whl"
    copy = {**contents, wheel_path: wheel}
    secrets = leak_scan.project_secrets(project_root)
    leaks = leak_scan.find_archive_leaks("handout.zip", zip_bytes(copy), secrets)
    assert leaks == [
        f"handout.zip!{wheel_path}!densegrade_checks/hidden.py: "
        f"solution or hidden test: {definition.strip()!r}"
    ]


def test_an_unreadable_archive_is_reported(project_root):
    assert leak_scan.find_archive_leaks("x.zip", b"not a zip", set())[0].startswith(
        "x.zip: not a readable archive"
    )


def test_the_readme_gives_the_students_steps(files):
    name, contents = files
    readme = contents[f"{name}/README.md"].decode()
    assert "pip install -r requirements.txt" in readme and f"{name}.ipynb" in readme
    assert "Colab" in readme


def test_a_written_handout_unzips_to_its_files(files, tmp_path):
    name, contents = files
    with zipfile.ZipFile(io.BytesIO(zip_bytes(contents))) as archive:
        assert sorted(archive.namelist()) == sorted(contents)
