"""``densegrade serve``: the grading app on a local port, its address printed with a token.

waitress serves it (threads, so several TAs at once). It binds to 127.0.0.1 unless told
otherwise and, as Jupyter does, tries the next ports when the one asked for is taken.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from waitress import create_server

from autograder.desk.gradebook import current
from autograder.desk.serve.app import create_app
from autograder.desk.serve.auth import DEFAULT_SESSION_HOURS
from autograder.desk.serve.staff import ensure_staff, staff_path

LOCAL = "127.0.0.1"
DEFAULT_PORT = 8765
PORTS_TRIED = 10
THREADS = 8
SERVE_HINT = "densegrade serve {out}"  # what the batch and the demo print at their end


def serve(
    out_dir: Path,
    host: str = LOCAL,
    port: int = DEFAULT_PORT,
    course_file: Path | None = None,
    echo: Callable[[str], None] = print,
    session_hours: float = DEFAULT_SESSION_HOURS,
) -> None:
    """Serve the output folder's gradebook until interrupted; a TA's session lasts
    ``session_hours`` from signing in. A broken staff file is refused, its line named."""
    current(out_dir, course_file).close()  # results in, course file checked
    members = ensure_staff(out_dir)
    server = _bind(create_app(out_dir, course_file, session_hours), host, port)
    shown = "localhost" if host == LOCAL else host
    echo(
        f"Grading app for {out_dir}:\n    http://{shown}:{server.effective_port}/?token="
        f"{members[0].token}\n(that is {members[0].name}'s token; each TA has their own in "
        f"{staff_path(out_dir)}, `densegrade add-ta {out_dir} NAME` adds one).\n"
        "Stop it with Ctrl+C: every saved score is already in the gradebook."
    )
    if host != LOCAL:
        echo(f"Warning: listening on {host}, not only this machine; tokens guard every page.")
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


def _bind(app, host: str, port: int):
    tries = 1 if port == 0 else PORTS_TRIED
    for offset in range(tries):
        try:
            return create_server(app, host=host, port=port + offset, threads=THREADS)
        except OSError as error:
            last = error
    raise OSError(f"ports {port} to {port + tries - 1} are all taken: {last}")
