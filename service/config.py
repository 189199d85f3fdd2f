"""Default configuration; the factory layers the environment and a mapping on top."""

from datetime import timedelta
from typing import ClassVar


class Config:
    """Defaults for every setting Carnet reads (no environment access here)."""

    #: None: the factory uses ``sqlite:///<instance>/carnet.db``.
    SQLALCHEMY_DATABASE_URI: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict[str, object]] = {"pool_pre_ping": True}
    #: None: the factory reads or creates ``<instance>/secret_key`` (development).
    SECRET_KEY: str | None = None
    #: True in production: development settings refuse to start (T19).
    PRODUCTION = False
    #: Host names served (production: required); another Host header gets 400.
    TRUSTED_HOSTS: list[str] | None = None
    #: Key of the grade history's seals (T40); None: SECRET_KEY. Keep it when
    #: SECRET_KEY changes, or the history sealed before no longer verifies.
    AUDIT_KEY: str | None = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    #: Set CARNET_SESSION_COOKIE_SECURE=true behind HTTPS in production.
    SESSION_COOKIE_SECURE = False
    #: A session ends 8 hours after its login, however active (T11)...
    PERMANENT_SESSION_LIFETIME = timedelta(hours=8)
    #: ...and after 30 minutes without a request. Seconds from the environment.
    SESSION_IDLE_TIMEOUT = timedelta(minutes=30)
    #: A password reset link made by the director works once, for this long.
    #: Seconds from the environment.
    PASSWORD_RESET_LIFETIME = timedelta(hours=24)
    #: Login attempts (T12), counted per window; over a limit: 429 without a
    #: password check. Scopes: one account from one address, one account, one address.
    LOGIN_LIMITS: ClassVar[dict[str, str]] = {
        "account_address": "10 per 15 minutes",
        "account": "20 per 15 minutes",
        "address": "100 per 15 minutes",
    }
    #: Where the counts live: "memory://" (one process) or a Redis URL shared by
    #: every worker, e.g. "redis://127.0.0.1:6379/0".
    LOGIN_LIMIT_STORAGE = "memory://"
    LOGIN_LIMIT_NAMESPACE = "carnet-login"
    #: Proxies in front that set X-Forwarded-For (0: none; the client address is
    #: then the connection's). Set 1 behind one TLS proxy.
    TRUSTED_PROXIES = 0
    #: Longest URL (path and query) served; longer: 414. gunicorn.conf.py lets
    #: request lines of 8190 bytes through, so the app answers first, in French.
    MAX_URL_LENGTH = 4096
    #: Spreadsheet uploads: the readers' own cap is 5 MiB, a form adds a little.
    MAX_CONTENT_LENGTH = 6 * 1024 * 1024
    #: How long a write waits for a lock (SQLite busy_timeout, PostgreSQL
    #: lock_timeout) before the request answers 503 with Retry-After.
    LOCK_TIMEOUT_MS = 5000
    #: Rows a spreadsheet import may hold (a 10,000-student gradebook fits).
    IMPORT_MAX_ROWS = 12_000
    #: "production" uses argon2-cffi's default profile (D2); "fast" is for tests only.
    PASSWORD_HASH_PROFILE = "production"
    #: Categories of the livret's « avis de l'équipe pédagogique » (R8, configurable).
    LIVRET_AVIS_CHOICES = ("Très favorable", "Favorable", "Doit faire ses preuves")
    REGULATION_ID = "bts-ndrc"
    #: R8 policy ``livret_grades``: the livret counts the grades of ``published``
    #: assessments only (the apprentice has seen every grade the jury sees, R7),
    #: or ``all`` of them, drafts included.
    LIVRET_GRADES = "published"
    #: Names printed on the livret, the PV and the attestations (empty: a generic
    #: text). JURY_PRESIDENT serves when the session names no jury president.
    CENTRE_NAME = ""
    JURY_PRESIDENT = ""
    #: Who signs the attestations of blocs, as what, and where (« Fait à »);
    #: empty: dotted lines to fill by hand, never a made-up name. E.g. the demo
    #: centre's: "Sophie Lefèvre", "directrice du CFA", "Lyon".
    CENTRE_SIGNATORY_NAME = ""
    CENTRE_SIGNATORY_ROLE = ""
    CENTRE_PLACE = ""
    #: R2 policy ``rounding`` of computed unit grades: ``ceil_half`` or ``exact``.
    ROUNDING_POLICY = "ceil_half"
    #: R4 policy ``validity`` of acquired blocs: ``session`` or ``calendar``.
    VALIDITY_POLICY = "session"
    #: R2 policy ``ccf_weights``, e.g. {"U4": [1, 1]}; empty means equal weights.
    CCF_WEIGHTS: ClassVar[dict[str, list[int]]] = {}
    #: The apprentice pages show the apprentice's rank in the class beside the
    #: class mean (min, max). Off by default: a rank is the centre's choice to show.
    APPRENTICE_RANKS_SHOWN = False

    #: Attendance (R8). An apprentice whose attended hours fall below this share
    #: of the hours already planned (in %) is flagged on the director's dashboard.
    ATTENDANCE_ALERT_RATE = 90
    #: Where justification documents are kept, outside the web root (None:
    #: ``<instance>/justifications``); their size limit and accepted types.
    JUSTIFICATION_DIR: str | None = None
    JUSTIFICATION_MAX_BYTES = 5 * 1024 * 1024
    JUSTIFICATION_TYPES = ("application/pdf", "image/jpeg", "image/png")
    #: The two half-days' hours, printed on the sign-in sheets.
    HALF_DAY_TIMES: ClassVar[dict[str, str]] = {
        "morning": "8 h 30 – 12 h",
        "afternoon": "13 h 30 – 17 h",
    }

    #: Background jobs (huey). A Redis URL, e.g. "redis://127.0.0.1:6379/1", keeps
    #: the queue there; None: a SQLite file (JOBS_SQLITE_PATH, else
    #: ``<instance>/jobs.sqlite3``), no server needed.
    JOBS_REDIS_URL: str | None = None
    JOBS_SQLITE_PATH: str | None = None
    #: The queue's name; None: one derived from the database URL.
    JOBS_QUEUE_NAME: str | None = None
    #: True: the web process runs the jobs in a thread of its own, started at the
    #: first job. False: ``flask --app wsgi jobs`` runs them (several web workers).
    JOBS_IN_PROCESS = True
    #: Where finished files are kept, outside the web root (None:
    #: ``<instance>/exports``).
    JOBS_EXPORT_DIR: str | None = None
    #: Seconds after which a running job without heartbeat, or a job nobody took
    #: from the queue, is reported as failed: a job never hangs forever.
    JOBS_STALE_AFTER = 300
    JOBS_QUEUE_TIMEOUT = 1800
    #: Days a finished job's file is kept (removed when a later job starts).
    JOBS_KEEP_DAYS = 7

    # flask-smorest: the OpenAPI document of the JSON API.
    API_TITLE = "Carnet"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.1.0"
