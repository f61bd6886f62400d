"""Sign-in to the grading app: a TA's token starts a session, the staff file ends it.

The token ``densegrade serve`` printed (``/?token=...``, or an ``Authorization: token
...`` header) signs in. The session, a signed cookie (HttpOnly, SameSite=Strict), holds
the TA's name, a fingerprint of their token (never the token) and the time they signed
in. Each request reads the staff file again if it changed (:class:`StaffList`: a broken
file keeps the last good list, and signed-in staff see a banner naming the line). A
session stays valid while a TA of that name still has a token with that fingerprint
(a removed TA or a changed token signs it out) and for ``session_hours`` after signing
in: checked here from the time stored, and by Flask, which refuses a cookie signed
longer ago than ``PERMANENT_SESSION_LIFETIME``. Without a session: 401; a token not in
the staff file: 403.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from datetime import timedelta
from pathlib import Path

from flask import Flask, current_app, g, redirect, request, session, url_for

from autograder.desk.serve.pages import page
from autograder.desk.serve.staff import Member, StaffList, member_with
from autograder.reports.pages import environment

DEFAULT_SESSION_HOURS = 12.0
LONGEST_SESSION_HOURS = 24 * 365.0
STAFF = "densegrade.staff"
SIGN_IN = "Open the address with ?token= that `densegrade serve` printed."
EXPIRED = f"Your session expired. {SIGN_IN}"
SIGNED_OUT = f"Your token changed or you are no longer in the staff file. {SIGN_IN}"


def install(app: Flask, staff_file: Path, session_hours: float = DEFAULT_SESSION_HOURS) -> None:
    """Sign-in for ``app``: its session settings, the staff file and the hook that runs
    before every request (install it before anything else that refuses requests)."""
    if not 0 < session_hours <= LONGEST_SESSION_HOURS:
        raise ValueError(f"session hours: {session_hours} is not more than 0 and at most a year")
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=session_hours),
        SESSION_REFRESH_EACH_REQUEST=False,  # the cookie ends when the session does
    )
    app.extensions[STAFF] = StaffList(staff_file, app.logger.warning)  # raises if broken
    environment(__package__).globals["staff_problem"] = staff_problem  # layout's banner
    app.before_request(_authenticate)


def staff_problem() -> str:
    """The banner for signed-in staff while the staff file is broken, else ""."""
    problem = current_app.extensions[STAFF].problem
    if problem is None:
        return ""
    return f"{problem.where(problem.path.name)}: the last good staff list is in use"


def fingerprint(token: str) -> str:
    """What the session keeps of a token: enough to notice a change, useless to sign in."""
    return hashlib.sha256(token.encode()).hexdigest()[:16]


def clock() -> float:
    """The time, in seconds; the tests move it."""
    return time.time()


def _authenticate():
    """A token in the URL (or an Authorization header) signs in; a session stays in."""
    if request.endpoint == "static":
        return None
    members = current_app.extensions[STAFF].members()  # read again if the file changed
    offered = request.args.get("token") or _bearer()
    if offered is not None:
        member = member_with(offered, members)
        if member is None:
            return page("error.html.j2", 403, message="This token is not in the staff file.")
        _sign_in(member)
        if request.args.get("token"):  # keep the token out of the history and logs
            return redirect(url_for(request.endpoint or "overview", **_args_without_token()))
    refusal = _refusal(members)
    if refusal:
        session.clear()
        return page("error.html.j2", 401, message=refusal)
    g.ta = Member(session["ta"], "")
    return None


def _sign_in(member: Member) -> None:
    session.permanent = True  # Flask checks the cookie's age against the lifetime
    session.update(ta=member.name, key=fingerprint(member.token), since=clock())


def _refusal(members: list[Member]) -> str:
    """Why the session does not sign this request in, or "" when it does."""
    name = session.get("ta")
    if name is None:
        cookie = current_app.config["SESSION_COOKIE_NAME"]
        return EXPIRED if cookie in request.cookies else SIGN_IN  # Flask refused it
    lifetime = current_app.permanent_session_lifetime.total_seconds()
    if clock() - session.get("since", 0) > lifetime:  # a cookie replayed, or kept fresh
        return EXPIRED
    key = str(session.get("key", ""))
    if not any(
        member.name == name and hmac.compare_digest(fingerprint(member.token), key)
        for member in members
    ):
        return SIGNED_OUT
    return ""


def _bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    return header.split(" ", 1)[1].strip() if header.lower().startswith("token ") else None


def _args_without_token() -> dict:
    values = dict(request.view_args or {})
    values.update({k: v for k, v in request.args.items() if k != "token"})
    return values
