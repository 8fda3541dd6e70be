class BackupError(Exception):
    """A backup or a restore that cannot go on. The message is for the IT person at the terminal:
    Vietnamese first, English in brackets, and it says whether anything was changed."""
