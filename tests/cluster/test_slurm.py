import pytest

from autograder.drivers.cluster import slurm
from autograder.drivers.cluster.manifest import Manifest
from autograder.drivers.cluster.slurm import SlurmOptions
from autograder.execution.limits import GIB, Limits, grader_share
from tests.cluster.test_manifest import entry


@pytest.mark.parametrize(
    "text, seconds",
    [("45", 2700), ("10:30", 630), ("00:30:00", 1800), ("1-02", 93600), ("1-00:00:10", 86410)],
)
def test_slurm_time_limits_are_read_in_every_form(text, seconds):
    assert slurm.seconds(text) == seconds


def test_a_time_limit_slurm_would_not_read_is_refused():
    with pytest.raises(ValueError, match="not a Slurm time limit"):
        slurm.seconds("half an hour")


def test_chunks_take_about_half_a_task_and_respect_the_array_limit():
    limits = Limits(timeout=600, check_seconds=120)
    options = SlurmOptions(time_per_task="00:30:00", cpus_per_task=4)
    # 900 s of a 1800 s task, 90 s each, on 4 CPUs
    assert slurm.chunk_size(2000, options, limits, max_array=1001) == 40
    assert slurm.chunk_size(100_000, options, limits, max_array=1001) == 100  # 1000 tasks
    assert slurm.chunk_size(3, SlurmOptions(time_per_task="15", cpus_per_task=1), limits, 1001) == 5


def test_a_task_shorter_than_one_submission_may_take_is_refused():
    with pytest.raises(ValueError, match="shorter than one submission may take"):
        slurm.chunk_size(10, SlurmOptions(time_per_task="10"), Limits(timeout=900), 1001)


def test_each_kernel_gets_its_share_of_the_task_memory_less_the_graders():
    options = SlurmOptions(cpus_per_task=2, memory_per_task_gib=12)
    assert options.kernel_memory(Limits(memory_bytes=8 * GIB)) == 6 * GIB - grader_share(Limits())
    assert options.kernel_memory(Limits(memory_bytes=2 * GIB)) == 2 * GIB
    assert SlurmOptions(cpus_per_task=3).memory_gib == 16.5  # 5.5 GiB per CPU
    with pytest.raises(ValueError, match="ask for at least 4 GiB per task"):
        SlurmOptions(cpus_per_task=2, memory_per_task_gib=2).kernel_memory(Limits())


def test_the_scripts_chain_the_run_and_name_every_resource(tmp_path):
    run = Manifest("/out", ["/class"], "g", {}, 2, [entry(f"s{i}") for i in range(5)])
    options = SlurmOptions(
        partition="teach",
        account="course",
        cpus_per_task=2,
        memory_per_task_gib=12,
        max_running=4,
        extra_lines=("#SBATCH --qos=short", "--constraint=avx2"),
    )
    scripts = slurm.write_scripts(run, tmp_path, options, {"DENSEGRADE_DATA_DIR": "/data x"})
    array = scripts["array"].read_text()
    for line in (
        "--array=0-2%4",
        "--cpus-per-task=2",
        "--mem=12288M",
        "--time=00:30:00",
        "--partition=teach",
        "--account=course",
        "--qos=short",
        "--constraint=avx2",
        f"--output={tmp_path}/logs/task-%A_%a.log",
    ):
        assert f"#SBATCH {line}\n" in array
    assert "export DENSEGRADE_DATA_DIR='/data x'\n" in array
    assert array.rstrip().endswith(f'worker {tmp_path} --chunk "$SLURM_ARRAY_TASK_ID"')
    assert scripts["references"].read_text().rstrip().endswith("--references")
    collect = scripts["collect"].read_text()
    assert "#SBATCH --cpus-per-task=1\n" in collect and f"collect {tmp_path}\n" in collect
