"""Who may do what, app-wide: the access rules as data, the guard that applies them
to every request, who is calling (session or token), and which rows they reach (R7).

The API, the web pages and the CLI all go through these modules.
"""
