"""Background jobs: long exports queued with huey, their progress kept in ``jobs``.

``queue`` builds the queue from the settings (SQLite by default, Redis when
configured) and runs its consumer; ``runner`` runs one job; ``kinds`` says what
each kind of job makes; ``records`` starts, lists and expires jobs.
"""
