"""Bench hostile small uploads through the real upload path (issue 10).

Each file of the outside review (200,000 cell formats, 1,000,000 shared strings,
700,000 rows with no ``<dimension>``), their .ods kin and a CSV line of
five million separators is POSTed to
``/api/v1/imports`` of an app on a fresh demo centre (SQLite), as the director
(roster) and, for xlsx, as a trainer (gradebook sheet). Each upload runs in a
forked process of its own, after a warm-up upload, so that its peak RSS growth
is its own. Targets: an answer within 3 s, with its French message, and at most
100 MB of RSS growth.

Usage: python bench/uploads.py
"""

from __future__ import annotations

import io
import logging
import os
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from flask import Flask

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from importers.safety import DEFAULT_LIMITS
from tests.importers import hostile

TARGET_SECONDS = 3.0
TARGET_MIB = 100
FILES: dict[str, tuple[str, Callable[[], bytes]]] = {
    "200 000 formats de cellule": ("notes.xlsx", hostile.many_formats),
    "1 000 000 textes partagés": ("notes.xlsx", hostile.many_strings),
    "700 000 lignes sans <dimension>": ("notes.xlsx", hostile.many_rows),
    "ODS : 200 000 styles": ("notes.ods", hostile.ods_many_styles),
    "ODS : 200 000 lignes": ("notes.ods", hostile.ods_many_rows),
    "CSV : une ligne de 5 000 000 « ; »": ("liste.csv", lambda: b";" * 5_000_000),
}


def under_limits() -> bytes:
    """A valid workbook just under every default limit (what openpyxl may get)."""
    rnd = random.Random(10)
    styles, texts, width = (
        DEFAULT_LIMITS.max_cell_formats - 2,
        DEFAULT_LIMITS.max_shared_strings,
        12,
    )
    formats = "".join(
        f'<xf numFmtId="{rnd.randrange(50)}" fontId="0" applyNumberFormat="1"/>'
        for _ in range(styles)
    )
    strings = "".join(f"<si><t>{rnd.getrandbits(40):x}</t></si>" for _ in range(texts))
    rows = "".join(
        f'<row r="{r}">'
        + "".join(
            f'<c t="s" s="{rnd.randrange(styles)}"><v>{rnd.randrange(texts)}</v></c>'
            for _ in range(width)
        )
        + "</row>"
        for r in range(1, min(DEFAULT_LIMITS.max_cells // width, 12_000) + 1)
    )
    return hostile.workbook(rows.encode(), strings.encode(), formats.encode())


def build(path: Path) -> tuple[Flask, dict[str, str], int]:
    """Return an app on a demo centre, a token per role and a cohort id."""
    from flask_migrate import upgrade  # noqa: PLC0415

    from service.app import create_app  # noqa: PLC0415
    from service.demo import load_demo  # noqa: PLC0415
    from service.extensions import db  # noqa: PLC0415
    from service.models import Cohort  # noqa: PLC0415

    app = create_app(
        {
            "SECRET_KEY": "bench-" + "x" * 32,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
        }
    )
    with app.app_context():
        upgrade()
        logins = load_demo(students_per_cohort=24)
        roles = {"directrice": "director", "formateur": "trainer"}
        emails = {roles[x.role]: x.email for x in reversed(logins) if x.role in roles}
        tokens = {role: _token(email) for role, email in emails.items()}
        cohort = db.session.scalars(db.select(Cohort.id)).first()
        db.session.commit()
    assert cohort is not None
    return app, tokens, cohort


def _token(email: str) -> str:
    from sqlalchemy import select  # noqa: PLC0415

    from service.access.identity import hash_token, new_token  # noqa: PLC0415
    from service.extensions import db  # noqa: PLC0415
    from service.models import ApiToken, User, utc_now  # noqa: PLC0415

    user = db.session.scalars(select(User).where(User.email == email)).one()
    secret = new_token()
    db.session.add(
        ApiToken(
            user_id=user.id,
            name="banc",
            prefix=secret[:11],
            token_hash=hash_token(secret),
            expires_at=utc_now() + timedelta(days=1),
        )
    )
    return secret


def post(app: Flask, token: str, data: bytes, name: str, **form: object) -> str:
    """POST one upload; return the status and the first error message."""
    fields = dict(form) | {"file": (io.BytesIO(data), name)}
    answer = app.test_client().post(
        "/api/v1/imports",
        data=fields,
        headers={"Authorization": f"Bearer {token}"},
        content_type="multipart/form-data",
    )
    body = answer.get_json() or {}
    errors = (body.get("preview") or {}).get("errors") or [{}]
    return f"{answer.status_code} {errors[0].get('message', body.get('title', ''))}"


def measure(app: Flask, token: str, data: bytes, name: str, **form: object) -> None:
    """Upload in a forked child; print its time, RSS growth and answer."""
    pid = os.fork()
    if pid:
        os.waitpid(pid, 0)
        return
    before = _rss_mib()
    started, cpu = time.perf_counter(), time.process_time()
    answer = post(app, token, data, name, **form)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - before
    ok = elapsed <= TARGET_SECONDS and growth <= TARGET_MIB
    print(
        f"    {form['kind']:<9} {elapsed:6.2f} s (CPU {cpu:5.2f} s)  "
        f"RSS +{max(growth, 0):5.1f} Mo  {'ok ' if ok else 'HORS CIBLE'} {answer[:80]}",
        flush=True,
    )
    os._exit(0)


def _rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)


def main() -> int:
    """Build the demo centre, then bench every hostile file."""
    with tempfile.TemporaryDirectory() as folder:
        app, tokens, cohort = build(Path(folder) / "bench.db")
        logging.disable(logging.WARNING)  # each rejection is logged
        small = hostile.workbook()
        post(app, tokens["director"], small, "a.xlsx", kind="roster", cohort_id=cohort)
        post(app, tokens["trainer"], small, "a.xlsx", kind="gradebook")
        print(
            f"load average: {os.getloadavg()[0]:.1f}  targets: {TARGET_SECONDS} s, "
            f"+{TARGET_MIB} Mo RSS"
        )
        for label, (name, make) in FILES.items():
            data = make()
            print(f"{label} ({len(data) / 1000:.0f} Ko, {name})", flush=True)
            measure(
                app, tokens["director"], data, name, kind="roster", cohort_id=cohort
            )
            if name.endswith(".xlsx"):
                measure(app, tokens["trainer"], data, name, kind="gradebook")
        data = under_limits()
        print(f"Juste sous chaque limite, valide ({len(data) / 1000:.0f} Ko)")
        measure(
            app, tokens["director"], data, "a.xlsx", kind="roster", cohort_id=cohort
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
