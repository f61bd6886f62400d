"""The TAs' grading app: written answers one at a time, each student's whole grade.

A Flask app over the output folder's gradebook. Access: the token ``densegrade serve``
prints (``/?token=...``, as Jupyter does) starts a session, held in a signed cookie
(HttpOnly, SameSite=Strict); without one a request gets 401, with a wrong token 403.
Every form that changes something carries Flask-WTF's CSRF token. Pages share the
report pages' style and Content-Security-Policy: nothing loads from outside, and the
only script is the grading page's own, allowed by its hash. Student text is escaped.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import (
    Flask,
    abort,
    current_app,
    g,
    redirect,
    request,
    send_from_directory,
    session,
    url_for,
)
from flask_wtf.csrf import CSRFError, CSRFProtect

from autograder.free_response import manual_questions
from autograder.gradebook import Course, course_for
from autograder.gradebook.finals import refresh_finals
from autograder.gradebook.queues import next_to_grade, progress, queue
from autograder.gradebook.store import Conflict, Gradebook, ScoreError
from autograder.output.folder import OutputFolder
from autograder.serve.pages import page
from autograder.serve.staff import Member, member_with, read_staff, staff_path
from autograder.typed_files import write_atomically

SECRET_FILE = ".serve-secret"


@dataclass(frozen=True)
class Settings:
    out: OutputFolder
    course: Course
    staff_file: Path


def create_app(out_dir: Path, course_file: Path | None = None) -> Flask:
    """The app for one output folder; its gradebook must already hold the results."""
    out = OutputFolder(out_dir)
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=_secret(out.root),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        WTF_CSRF_TIME_LIMIT=None,  # valid for the session: a long grading sitting
        MAX_CONTENT_LENGTH=1024 * 1024,
    )
    app.extensions["densegrade"] = Settings(
        out, course_for(out.root, course_file), staff_path(out.root)
    )
    app.before_request(_authenticate)  # first: a stranger gets 401, not a CSRF message
    CSRFProtect(app)
    app.teardown_appcontext(_close_gradebook)
    app.register_error_handler(
        CSRFError, lambda e: _page("error.html.j2", 400, message=e.description)
    )
    _routes(app)
    return app


def settings() -> Settings:
    return current_app.extensions["densegrade"]


def gradebook() -> Gradebook:
    if "gradebook" not in g:
        g.gradebook = Gradebook.of(settings().out.root)
    return g.gradebook


def _close_gradebook(_error: object) -> None:
    book = g.pop("gradebook", None)
    if book is not None:
        book.close()


def _authenticate():
    """A token in the URL (or an Authorization header) signs in; a session stays in."""
    if request.endpoint == "static":
        return None
    members = read_staff(settings().staff_file)  # a TA removed from the file is out at once
    offered = request.args.get("token") or _bearer()
    if offered is not None:
        member = member_with(offered, members)
        if member is None:
            return _page("error.html.j2", 403, message="This token is not in the staff file.")
        session["ta"] = member.name
        if request.args.get("token"):  # keep the token out of the history and logs
            return redirect(url_for(request.endpoint or "overview", **_args_without_token()))
    name = session.get("ta")
    if name is None or not any(member.name == name for member in members):
        message = "Open the address with ?token= that `densegrade serve` printed."
        return _page("error.html.j2", 401, message=message)
    g.ta = Member(name, "")
    return None


def _bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    return header.split(" ", 1)[1].strip() if header.lower().startswith("token ") else None


def _args_without_token() -> dict:
    values = dict(request.view_args or {})
    values.update({k: v for k, v in request.args.items() if k != "token"})
    return values


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


def overview():
    book = gradebook()
    refresh_finals(book, settings().course)  # a batch may have rerun since the last page
    return _page(
        "overview.html.j2",
        progress=progress(book),
        rows=book.rows(),
        changed=book.changed_answers(),
        rule=settings().course.rule.describe() if settings().course.due else "",
    )


def grade_page(assignment: str, question: str):
    return _grading(assignment, question, request.args.get("at", type=int))


def _grading(assignment, question, at, message="", status=200, entered=None):
    answers = queue(gradebook(), assignment, question)
    prompt = _question(assignment, question)
    if not answers:
        abort(404)
    current = answers[at - 1] if at and 1 <= at <= len(answers) else next_to_grade(answers)
    return _page(
        "grade.html.j2",
        status,
        "grade.js",
        assignment=assignment,
        question=prompt,
        answers=answers,
        current=current,
        done=sum(answer.graded for answer in answers),
        reveal=request.args.get("reveal") == "1",
        message=message or request.args.get("saved", ""),
        entered=entered or {},
    )


def save(assignment: str, question: str):
    form = request.form
    submission = form.get("submission", "")
    entered = {"points": form.get("points", ""), "comment": form.get("comment", "")}
    try:
        points = float(entered["points"])
    except ValueError:
        return _refused(assignment, question, submission, "Points must be a number.", entered)
    try:
        saved = gradebook().save_manual(
            submission, question, points, entered["comment"], g.ta.name,
            form.get("version", type=int) or 0,
        )  # fmt: skip
    except Conflict as conflict:
        words = f"Not saved: {conflict}. Look at their score below, then save again to replace it."
        return _refused(assignment, question, submission, words, entered, 409)
    except ScoreError as error:
        return _refused(assignment, question, submission, f"Not saved: {error}.", entered)
    answers = queue(gradebook(), assignment, question)
    number = next(a.number for a in answers if a.submission == submission)
    following = next_to_grade(answers, after=number)
    note = f"Saved {saved.points:g} for answer {number}."
    target = {"at": following.number} if following else {}  # none left: "all graded"
    return redirect(
        url_for("grade", assignment=assignment, question=question, saved=note, **target)
    )


def _refused(assignment, question, submission, message, entered, status=400):
    answers = queue(gradebook(), assignment, question)
    match = next((a for a in answers if a.submission == submission), None)
    if match is None:
        abort(404)
    return _grading(assignment, question, match.number, message, status, entered)


def student_page(submission: str, message: str = "", status: int = 200):
    book = gradebook()
    refresh_finals(book, settings().course)
    row = next((r for r in book.rows() if r["submission"] == submission), None)
    if row is None:
        abort(404)
    scores = {
        q["name"]: book.manual(submission, q["name"]) for q in manual_questions(row["assignment"])
    }
    answers = dict(
        book.db.execute(
            "SELECT question, answer FROM answers WHERE submission = ?", (submission,)
        ).fetchall()
    )
    ta_page = settings().out.ta_page(submission)
    return _page(
        "student.html.j2",
        status,
        row=row,
        questions=manual_questions(row["assignment"]),
        scores=scores,
        answers=answers,
        ta_page=ta_page.name if ta_page.is_file() else "",
        message=message,
    )


def override(submission: str):
    text = request.form.get("points", "").strip()
    try:
        points = float(text) if text else None
        gradebook().set_override(submission, points, request.form.get("reason", ""), g.ta.name)
    except (ValueError, ScoreError) as error:
        return student_page(submission, f"Not saved: {error}", 400)
    return redirect(url_for("student", submission=submission))


def ta_view(name: str):
    return send_from_directory(settings().out.ta_dir, name)


def report(folder: str, name: str):
    """The batch's pages and what they link to (never the gradebook, the staff file or
    the session key, which live at the folder's top)."""
    return send_from_directory(settings().out.root / folder, name)


def dashboard():
    return send_from_directory(settings().out.root, settings().out.index.name)


def _question(assignment: str, name: str) -> dict:
    found = next((q for q in manual_questions(assignment) if q["name"] == name), None)
    if found is None:
        abort(404)
    return found


def _secret(root: Path) -> str:
    """The session key, kept beside the gradebook so a restart keeps TAs signed in."""
    path = root / SECRET_FILE
    if not path.is_file():
        write_atomically(path, secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()
