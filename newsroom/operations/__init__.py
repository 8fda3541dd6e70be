"""The paper's operations: backups that restore, and the health answers a load balancer asks for.

    manage.py backup [--output-dir DIR]    one archive: database, media files, manifest (backups.py)
    manage.py restore ARCHIVE [--force]    verify, then fill an empty database and media folder
    /healthz  /readyz                      health.py

Nothing in here knows about articles: a backup takes every table and every uploaded file.
"""
