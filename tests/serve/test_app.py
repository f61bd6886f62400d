import re

from autograder.desk.gradebook.store import Gradebook
from autograder.desk.serve.app import create_app
from tests.serve.conftest import HOSTILE

QUEUE = "/grade/mnist_dense/curves_reading"


def signed_in(app, token):
    client = app.test_client()
    response = client.get(f"/?token={token}")
    assert response.status_code == 302 and "token" not in response.headers["Location"]
    return client


def csrf(page: bytes) -> str:
    return re.search(rb'name="csrf_token" value="([^"]+)"', page)[1].decode()


def test_no_token_is_401_and_a_wrong_token_403(app):
    client = app.test_client()
    assert client.get("/").status_code == 401
    assert client.get(QUEUE).status_code == 401
    assert client.get("/?token=" + "0" * 64).status_code == 403
    assert client.post(QUEUE, data={"points": "2"}).status_code == 401


def test_a_token_header_works_for_scripts(app, staff):
    response = app.test_client().get("/", headers={"Authorization": f"token {staff['Bea']}"})
    assert response.status_code == 200 and b"signed in as <strong>Bea" in response.data


def test_a_save_without_the_csrf_token_is_refused(app, staff, class_folder):
    client = signed_in(app, staff["Bea"])
    page = client.get(QUEUE).data
    submission = re.search(rb'name="submission" value="([^"]+)"', page)[1].decode()
    response = client.post(QUEUE, data={"submission": submission, "points": "2", "version": "0"})
    assert response.status_code == 400
    with Gradebook.of(class_folder) as book:
        assert book.manual(submission, "curves_reading") is None


def test_saving_moves_on_and_is_recorded_with_the_ta(app, staff, class_folder):
    client = signed_in(app, staff["Bea"])
    page = client.get(QUEUE).data
    submission = re.search(rb'name="submission" value="([^"]+)"', page)[1].decode()
    form = {"csrf_token": csrf(page), "submission": submission, "points": "1.5", "version": "0"}
    response = client.post(QUEUE, data={**form, "comment": "Half."})
    assert response.status_code == 302 and "at=2" in response.headers["Location"]
    with Gradebook.of(class_folder) as book:
        saved = book.manual(submission, "curves_reading")
    assert (saved.points, saved.grader, saved.comment) == (1.5, "Bea", "Half.")


def test_out_of_range_points_are_refused_with_the_entry_kept(app, staff):
    client = signed_in(app, staff["Bea"])
    page = client.get(QUEUE).data
    submission = re.search(rb'name="submission" value="([^"]+)"', page)[1].decode()
    form = {"csrf_token": csrf(page), "submission": submission, "version": "0"}
    response = client.post(QUEUE, data={**form, "points": "3", "comment": "kept"})
    assert response.status_code == 400
    assert b"out of range: 0 to 2" in response.data and b">kept</textarea>" in response.data


def test_a_second_ta_saving_the_same_answer_sees_a_conflict(app, staff, class_folder):
    first, second = signed_in(app, staff["Bea"]), signed_in(app, staff["instructor"])
    page_1, page_2 = first.get(QUEUE + "?at=1").data, second.get(QUEUE + "?at=1").data
    submission = re.search(rb'name="submission" value="([^"]+)"', page_1)[1].decode()
    base = {"submission": submission, "version": "0", "comment": ""}
    assert (
        first.post(QUEUE, data={**base, "points": "2", "csrf_token": csrf(page_1)}).status_code
        == 302
    )
    clash = second.post(QUEUE, data={**base, "points": "0", "csrf_token": csrf(page_2)})
    assert clash.status_code == 409 and b"Bea saved 2" in clash.data
    with Gradebook.of(class_folder) as book:
        assert book.manual(submission, "curves_reading").points == 2


def test_student_text_is_shown_as_text(app, staff):
    client = signed_in(app, staff["Bea"])
    pages = [client.get(f"{QUEUE}?at={n}").data for n in (1, 2, 3)]
    hostile = next(page for page in pages if b"alert(" in page)
    assert b"<script>alert" not in hostile and b"&lt;script&gt;alert" in hostile
    assert HOSTILE not in hostile.decode()


def test_the_pages_forbid_outside_loads_and_framing(app, staff):
    response = signed_in(app, staff["Bea"]).get(QUEUE)
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert re.search(r"script-src 'sha256-[^']+'", policy)


def test_an_override_needs_a_reason_and_changes_the_final(app, staff):
    client = signed_in(app, staff["instructor"])
    page = client.get("/student/ben_mnist_dense").data
    token = csrf(page)
    refused = client.post("/student/ben_mnist_dense", data={"csrf_token": token, "points": "15"})
    assert refused.status_code == 400 and b"needs a reason" in refused.data
    data = {"csrf_token": token, "points": "15", "reason": "regraded by hand"}
    assert client.post("/student/ben_mnist_dense", data=data).status_code == 302
    assert b'id="final">15 / 17' in client.get("/student/ben_mnist_dense").data


def test_the_penalty_shows_on_the_pages(class_folder, staff):
    (class_folder / "course.toml").write_text(
        'submission_times = "times.csv"\n\n[late]\nper = "day"\npercent = 10\n\n'
        '[assignments.mnist_dense]\ndue = 2026-12-10T23:59:00\ntimezone = "UTC"\n'
    )
    (class_folder / "times.csv").write_text(
        "student,assignment,submitted_at\nben,mnist_dense,2026-12-11T12:00\n"
    )
    app = create_app(class_folder)
    client = signed_in(app, staff["Bea"])
    overview = client.get("/").data.decode()
    assert "−10%" in overview
    assert "12 h 1 min late, 1 started day x 10% = 10% (submission-times CSV)" in overview
    assert "no known submission time" in overview  # ann and cat: said, not assumed
    student = client.get("/student/ben_mnist_dense").data.decode()
    assert 'id="final">8.1 / 17' in student  # 9 autograded, -10%


def test_the_batch_pages_are_served_and_the_secrets_are_not(app, staff, class_folder):
    (class_folder / "ta").mkdir()
    (class_folder / "ta" / "ann_mnist_dense.html").write_text("<p>checks</p>")
    (class_folder / "index.html").write_text("<p>dashboard</p>")
    client = signed_in(app, staff["Bea"])
    assert client.get("/ta/ann_mnist_dense.html").data == b"<p>checks</p>"
    assert client.get("/index.html").data == b"<p>dashboard</p>"
    for secret in ("/staff.toml", "/gradebook.sqlite", "/.serve-secret", "/ta/../staff.toml"):
        assert client.get(secret).status_code == 404, secret
    assert app.test_client().get("/index.html").status_code == 401


def test_the_dashboards_csv_files_and_logs_are_served_and_nothing_else_at_the_top(
    app, staff, class_folder
):
    from autograder.contracts.output.folder import OutputFolder

    out = OutputFolder(class_folder)
    csvs = [out.grades_csv, out.question_scores("mnist_dense"), out.similarity_csv("mnist_dense")]
    csvs.append(out.question_scores("cifar10_dense"))
    for path in csvs:
        path.write_text(f"student,{path.stem}\nann,1\n")
    out.log_file("ann_mnist_dense").parent.mkdir()
    out.log_file("ann_mnist_dense").write_text("<script>alert(1)</script> printed")
    (class_folder / "course.toml").write_text("# read when the app started\n")
    (class_folder / "question_scores_other.csv").write_text("not an assignment's\n")
    client = signed_in(app, staff["Bea"])
    for path in csvs:
        response = client.get(f"/{path.name}")
        assert response.status_code == 200, path.name
        assert response.data == path.read_bytes() and response.mimetype == "text/csv"
    log = client.get("/logs/ann_mnist_dense.log")
    assert log.status_code == 200 and log.mimetype == "text/plain"  # text, never a page
    assert log.headers["X-Content-Type-Options"] == "nosniff"
    refused = ["/gradebook.sqlite", "/gradebook.sqlite-wal", "/staff.toml", "/.serve-secret"]
    refused += ["/course.toml", "/question_scores_other.csv", "/results", "/../x", "/%2e%2e/x"]
    refused += ["/..%2fstaff.toml", "/results/ann_mnist_dense.json", "/logs/../staff.toml"]
    for path in refused:
        assert client.get(path).status_code == 404, path
    assert app.test_client().get(f"/{out.grades_csv.name}").status_code == 401
