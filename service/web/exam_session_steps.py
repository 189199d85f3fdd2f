"""A session's steps: compute the results, reopen, then publish and lock.

Publishing and locking change what others see or may do, so each shows a
confirmation page first, naming what it changes (R7: results and CCF proposals
become visible; R4: blocs enter the ledger; T07: a locked session refuses every
write). The rules are ``service.operations.results``'; each request commits once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import flash, render_template, request
from flask.typing import ResponseReturnValue
from werkzeug.wrappers import Response

from service.access.guard import current_caller
from service.access.rules import DIRECTOR_ONLY
from service.extensions import db
from service.models import SessionState
from service.operations import results
from service.operations.session_overview import publication_effects
from service.operations.sessions import session_or_404
from service.problems import Problem
from service.web.blueprint import blueprint
from service.web.exam_sessions import ONE, show_refusal, to_session

RULES = {
    "web.compute_exam_session": DIRECTOR_ONLY,
    "web.reopen_exam_session": DIRECTOR_ONLY,
    "web.publish_exam_session": DIRECTOR_ONLY,
    "web.lock_exam_session": DIRECTOR_ONLY,
}

T = TypeVar("T")


def run_step(
    step: Callable[[], T], said: Callable[[T], str], back: Response
) -> Response:
    """Run a session write: refused, flash why; done, commit once, flash ``said``."""
    try:
        done = step()
    except Problem as refused:
        show_refusal(refused)
        return back
    db.session.commit()
    flash(said(done), "info")
    return back


@blueprint.post(f"{ONE}/calculer")
def compute_exam_session(session_id: int) -> ResponseReturnValue:
    """Compute every candidate's result with the engine; the session is deliberated."""
    session = session_or_404(session_id)
    return run_step(
        lambda: results.compute_session(session, current_caller().user.id),
        lambda computed: f"Résultats calculés pour {len(computed)} candidats.",
        to_session(session_id),
    )


@blueprint.post(f"{ONE}/rouvrir")
def reopen_exam_session(session_id: int) -> ResponseReturnValue:
    """Go back from deliberated to open, to correct an exam grade."""
    session = session_or_404(session_id)
    return run_step(
        lambda: results.reopen(session, current_caller().user.id),
        lambda _: "Saisie rouverte : calculez de nouveau les résultats ensuite.",
        to_session(session_id),
    )


@blueprint.route(f"{ONE}/publier", methods=["GET", "POST"])
def publish_exam_session(session_id: int) -> ResponseReturnValue:
    """Confirm, then publish: results and CCF grades shown (R7), blocs written (R4)."""
    session = session_or_404(session_id)
    if request.method == "GET":
        return render_template(
            "web/sessions/confirm_publish.html",
            session=session,
            effects=publication_effects(session),
            ready=session.state is SessionState.DELIBERATED,
            unexamined=results.unexamined_refusals(session),
        )
    return run_step(
        lambda: results.publish(session, current_caller().user.id),
        lambda _: (
            f"Session {session.year} publiée : les candidats voient leur résultat."
        ),
        to_session(session_id),
    )


@blueprint.route(f"{ONE}/verrouiller", methods=["GET", "POST"])
def lock_exam_session(session_id: int) -> ResponseReturnValue:
    """Confirm, then lock a published session: every later write is refused."""
    session = session_or_404(session_id)
    if request.method == "GET":
        return render_template(
            "web/sessions/confirm_lock.html",
            session=session,
            ready=session.state is SessionState.PUBLISHED,
            effects=publication_effects(session),
        )
    return run_step(
        lambda: results.lock(session, current_caller().user.id),
        lambda _: f"Session {session.year} verrouillée.",
        to_session(session_id),
    )
