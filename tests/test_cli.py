from click.testing import CliRunner

from autograder.cli import main


def test_help_lists_the_commands():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    assert (
        "build" in result.output
        and "grade" in result.output
        and "DENSEGRADE_DATA_DIR" in result.output
    )


def test_build_check_is_clean(project_root):
    result = CliRunner().invoke(main, ["build", "--check", "--root", str(project_root)])
    assert result.exit_code == 0, result.output
    assert "up to date" in result.output


def test_build_check_fails_on_a_stale_tree(tmp_path, project_root):
    import shutil

    for folder in ("solutions", "assignments"):
        shutil.copytree(project_root / folder, tmp_path / folder)
    (tmp_path / "assignments/mnist_dense/tests/model.py").unlink()
    result = CliRunner().invoke(main, ["build", "--check", "--root", str(tmp_path)])
    assert result.exit_code == 1
    assert "missing: assignments/mnist_dense/tests/model.py" in result.output


def test_grade_reports_a_path_that_is_not_a_notebook(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    result = CliRunner().invoke(main, ["grade", str(text), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "not a notebook, a zip or a folder" in result.output


def test_grade_reports_a_folder_without_notebooks(tmp_path):
    result = CliRunner().invoke(main, ["grade", str(tmp_path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "no notebooks or zips found" in result.output


def test_report_rewrites_pages_and_names_result_files_it_left_out(tmp_path):
    from autograder.contracts import typed_files
    from tests.reports.made_results import result

    graded = result("ana")
    (tmp_path / "results").mkdir()
    (tmp_path / "results" / "ana_mnist_dense.json").write_text(typed_files.dumps(graded))
    (tmp_path / "results" / "ben_mnist_dense.json").write_text('{"cut off')
    outcome = CliRunner().invoke(main, ["report", str(tmp_path)])
    assert outcome.exit_code == 0, outcome.output
    assert (
        "Left out 1 result file(s)" in outcome.output and "ben_mnist_dense.json" in outcome.output
    )
    assert (tmp_path / "feedback" / "ana_mnist_dense.html").is_file()
    assert "ana" in (tmp_path / "index.html").read_text()


def test_report_without_results_says_to_grade_first(tmp_path):
    outcome = CliRunner().invoke(main, ["report", str(tmp_path)])
    assert outcome.exit_code != 0 and "grade first" in outcome.output


def test_fetch_data_copies_the_verified_data_sets(data_dir, tmp_path):
    result = CliRunner().invoke(main, ["fetch-data", str(tmp_path / "served")])
    assert result.exit_code == 0, result.output
    assert "Verified" in result.output and (tmp_path / "served/mnist/mnist.npz").is_file()
    assert (tmp_path / "served/cifar10/cifar10.npz").is_file()


def test_fetch_data_says_why_it_cannot(tmp_path, monkeypatch):
    monkeypatch.setenv("DENSEGRADE_DATA_DIR", str(tmp_path / "nothing"))
    result = CliRunner().invoke(main, ["fetch-data", str(tmp_path / "served")])
    assert result.exit_code == 1
    assert "no local copy at" in result.output


def test_a_timeout_shorter_than_the_judging_is_refused(tmp_path, project_root):
    command = ["build", "--root", str(project_root), "--zip", str(tmp_path)]
    result = CliRunner().invoke(main, [*command, "--gradescope-timeout", "100"])
    assert result.exit_code == 2 and "--gradescope-timeout" in result.output


def test_slurm_refuses_the_local_options_it_cannot_honour(tmp_path):
    command = ["grade", str(tmp_path), "--out", str(tmp_path / "out"), "--backend", "slurm"]
    for option in (["--workers", "2"], ["--ignore-reference-failure"]):
        result = CliRunner().invoke(main, [*command, *option])
        assert result.exit_code == 2, result.output
        assert f"--backend slurm cannot honour {option[0]}: " in result.output
    assert not (tmp_path / "out").exists()  # refused before anything ran


def test_slurm_refuses_workers_even_when_given_its_default(tmp_path):
    from autograder.execution.quotas import whole_cpus

    command = ["grade", str(tmp_path), "--backend", "slurm", "--workers", str(whole_cpus())]
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 2 and "--workers: " in result.output


def test_the_local_backend_refuses_every_slurm_option(tmp_path):
    command = ["grade", str(tmp_path), "--out", str(tmp_path / "out")]
    options = [
        ["--partition", "p"],
        ["--account", "a"],
        ["--time-per-task", "00:30:00"],  # the default, given: refused all the same
        ["--cpus-per-task", "2"],
        ["--mem-per-task", "8"],
        ["--max-running", "1"],
        ["--sbatch-line", "--qos=short"],
        ["--chunk-size", "3"],
        ["--dry-run"],
        ["--wait"],
        ["--allow-weak-isolation"],
    ]
    for option in options:
        result = CliRunner().invoke(main, [*command, *option])
        assert result.exit_code == 2, (option, result.output)
        assert (
            f"--backend local cannot honour {option[0]}: for --backend slurm only" in result.output
        )
    both = CliRunner().invoke(main, [*command, "--backend", "local", "--partition", "p", "--wait"])
    assert "cannot honour --partition, --wait: for --backend slurm only" in both.output
    assert not (tmp_path / "out").exists()
