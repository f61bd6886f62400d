"""The TAs' grading app: written answers one at a time, each student's whole grade.

A Flask app over the output folder's gradebook, read through its reader's door at every
request (:func:`autograder.desk.gradebook.current`), so a rerun batch or an edited course
file shows at the next page. Sign-in is :mod:`autograder.desk.serve.auth`'s. Every input is
checked by the gradebook before anything is written; banners are the app's own words
(Flask's flashed messages), never text from the URL. Every form that changes something
carries Flask-WTF's CSRF token. Pages share the report pages' style and
Content-Security-Policy: nothing loads from outside, and the only script is the grading
page's own, allowed by its hash. Student text is escaped.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import (
    Flask,
    abort,
    current_app,
    flash,
    g,
    get_flashed_messages,
    redirect,
    request,
    send_from_directory,
    url_for,
)
from flask_wtf.csrf import CSRFError, CSRFProtect

from autograder.contracts.assignments import ASSIGNMENTS
from autograder.contracts.output.folder import OutputFolder
from autograder.contracts.typed_files import write_atomically
from autograder.desk.gradebook import CourseFileError, GradebookError, Reader, current
from autograder.desk.gradebook.queues import next_to_grade, numbered, queue
from autograder.desk.gradebook.store import Conflict, ScoreError, UnknownSubmission
from autograder.desk.serve.auth import DEFAULT_SESSION_HOURS, install
from autograder.desk.serve.pages import local_time, page
from autograder.submissions.free_response import manual_questions


@dataclass(frozen=True)
class Settings:
    out: OutputFolder
    course_file: Path | None  # None: OUT/course.toml if there is one; read at every request
    staff_file: Path


def create_app(
    out_dir: Path, course_file: Path | None = None, session_hours: float = DEFAULT_SESSION_HOURS
) -> Flask:
    """The app for one output folder; its gradebook must already hold the results."""
    out = OutputFolder(out_dir)
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=_secret(out),
        WTF_CSRF_TIME_LIMIT=None,  # valid for the session: a long grading sitting
        MAX_CONTENT_LENGTH=1024 * 1024,
    )
    app.extensions["densegrade"] = Settings(out, course_file, out.staff_file)
    install(app, out.staff_file, session_hours)  # first: a stranger gets 401, not CSRF
    CSRFProtect(app)
    app.teardown_appcontext(_close_gradebook)
    app.register_error_handler(
        CSRFError, lambda e: _page("error.html.j2", 400, message=e.description)
    )
    app.register_error_handler(CourseFileError, _unusable)
    app.register_error_handler(GradebookError, _unusable)
    _routes(app)
    return app


def settings() -> Settings:
    return current_app.extensions["densegrade"]


def gradebook() -> Reader:
    """This request's gradebook, current: the results on disk and the course file (with
    its extensions and times) as they are now, so an edit shows at the next page view."""
    if "gradebook" not in g:
        g.gradebook = current(settings().out.root, settings().course_file)
    return g.gradebook


def _unusable(error: Exception):
    """A course file or gradebook that cannot be used: said on the page, nothing written."""
    return _page("error.html.j2", 503, message=f"{error} Fix it and reload this page.")


def _close_gradebook(_error: object) -> None:
    book = g.pop("gradebook", None)
    if book is not None:
        book.close()


def _page(template: str, status: int = 200, script: str | None = None, **context):
    context.setdefault("message", "")
    context["refused"] = status >= 400
    return page(template, status, script, ta=getattr(g, "ta", None), **context)


def _routes(app: Flask) -> None:
    app.add_url_rule("/", "overview", overview)
    app.add_url_rule("/grade/<assignment>/<question>", "grade", grade_page)
    app.add_url_rule("/grade/<assignment>/<question>", "save", save, methods=["POST"])
    app.add_url_rule("/student/<submission>", "student", student_page)
    app.add_url_rule("/student/<submission>", "override", override, methods=["POST"])
    app.add_url_rule("/ta/<path:name>", "ta_view", ta_view)
    app.add_url_rule("/<any(feedback, logs, notebooks):folder>/<path:name>", "report", report)
    app.add_url_rule("/index.html", "dashboard", dashboard)
    app.add_url_rule("/<name>", "top_file", top_file)  # after /index.html: it wins


def overview():
    book = gradebook()
    course = book.course
    return _page(
        "overview.html.j2",
        progress=book.progress(),
        rows=book.grades(),
        changed=book.changed_answers(),
        rule=course.rule.describe() if course.due else "",
    )


def grade_page(assignment: str, question: str):
    _question(assignment, question)
    answers = queue(gradebook(), assignment, question)
    chosen = numbered(answers, request.args.get("submission", ""))  # a student page's link
    at = chosen.number if chosen else request.args.get("at", type=int)
    return _grading(assignment, question, answers, at)


def _grading(assignment, question, answers, at, message="", status=200, entered=None,
             conflict=None):  # fmt: skip
    if not answers:
        abort(404)
    current = answers[at - 1] if at and 1 <= at <= len(answers) else next_to_grade(answers)
    return _page(
        "grade.html.j2",
        status,
        "grade.js",
        assignment=assignment,
        question=_question(assignment, question),
        answers=answers,
        current=current,
        done=sum(answer.graded for answer in answers),
        reveal=request.args.get("reveal") == "1",
        message=message or _flashed(),
        entered=entered or {},
        conflict=conflict,
        when=lambda iso: local_time(iso, gradebook().course.zone(assignment)),
    )


def save(assignment: str, question: str):
    _question(assignment, question)
    form = request.form
    submission = form.get("submission", "")
    entered = {"points": form.get("points", ""), "comment": form.get("comment", "")}
    try:
        points = float(entered["points"])
    except ValueError:
        return _refused(assignment, question, submission, "Points must be a number.", entered)
    try:
        saved = gradebook().save_manual(
            assignment, submission, question, points, entered["comment"], g.ta.name,
            form.get("version", type=int) or 0,
        )  # fmt: skip
    except UnknownSubmission:
        abort(404)
    except Conflict as conflict:
        words = f"Not saved: {conflict}. Look at their score below, then save again to replace it."
        return _refused(assignment, question, submission, words, entered, 409, conflict.current)
    except ScoreError as error:
        return _refused(assignment, question, submission, f"Not saved: {error}.", entered)
    answers = queue(gradebook(), assignment, question)
    number = numbered(answers, submission).number
    following = next_to_grade(answers, after=number)
    flash(f"Saved {saved.points:g} for answer {number}.")  # the app's words, never the URL's
    target = {"at": following.number} if following else {}  # none left: "all graded"
    return redirect(url_for("grade", assignment=assignment, question=question, **target))


def _refused(assignment, question, submission, message, entered, status=400, conflict=None):
    answers = queue(gradebook(), assignment, question)
    match = numbered(answers, submission)
    if match is None:
        abort(404)
    return _grading(assignment, question, answers, match.number, message, status, entered, conflict)


def student_page(submission: str, message: str = "", status: int = 200):
    book = gradebook()
    row = book.grade(submission)
    if row is None:
        abort(404)
    questions = manual_questions(row.assignment) if row.assignment else []
    ta_page = settings().out.ta_page(submission)
    return _page(
        "student.html.j2",
        status,
        row=row,
        questions=questions,
        scores=book.manual_scores(submission),
        answers=book.answers(submission),
        ta_page=ta_page.name if ta_page.is_file() else "",
        message=message or _flashed(),
        when=lambda iso: local_time(iso, book.course.zone(row.assignment)),
    )


def override(submission: str):
    text = request.form.get("points", "").strip()
    try:
        points = float(text) if text else None
        gradebook().set_override(submission, points, request.form.get("reason", ""), g.ta.name)
    except UnknownSubmission:
        abort(404)
    except ValueError as error:  # ScoreError too: a number out of range, no reason, ...
        words = "Points must be a number." if not isinstance(error, ScoreError) else str(error)
        return student_page(submission, f"Not saved: {words}.", 400)
    flash("Override removed." if points is None else f"Override of {points:g} saved.")
    return redirect(url_for("student", submission=submission))


def _flashed() -> str:
    return " ".join(get_flashed_messages())


def ta_view(name: str):
    return send_from_directory(settings().out.ta_dir, name)


def report(folder: str, name: str):
    """The batch's pages and what they link to (never the gradebook, the staff file or
    the session key, which live at the folder's top). A log shows as text, never as a
    page: it holds what the student's code printed."""
    if folder == OutputFolder.LOGS:
        response = send_from_directory(settings().out.root / folder, name, mimetype="text/plain")
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response
    return send_from_directory(settings().out.root / folder, name)


def dashboard():
    return send_from_directory(settings().out.root, settings().out.index.name)


def top_file(name: str):
    """The CSV files the dashboard and the similarity pages link, at the folder's top, by
    an allow-list of the names :class:`OutputFolder` gives them. Nothing else there is
    served: beside them live the gradebook, the staff file, the session key, the course."""
    out = settings().out
    allowed = {out.grades_csv.name}
    for assignment in ASSIGNMENTS:
        allowed |= {out.question_scores(assignment).name, out.similarity_csv(assignment).name}
    if name not in allowed:
        abort(404)
    return send_from_directory(out.root, name)


def _question(assignment: str, name: str) -> dict:
    found = next((q for q in manual_questions(assignment) if q["name"] == name), None)
    if found is None:
        abort(404)
    return found


def _secret(out: OutputFolder) -> str:
    """The session key, kept beside the gradebook so a restart keeps TAs signed in."""
    path = out.serve_secret
    if not path.is_file():
        write_atomically(path, secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()
