"""Filters for the site's log."""

import logging


class NotFoundToDebug(logging.Filter):
    """Take "Not Found" lines out of the warnings: a crawler asking for a thousand old addresses would
    otherwise bury the log a person reads. They stay one setting away (LOG_LEVEL=DEBUG), and the web server's
    access log has every one of them anyway."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) != 404:
            return True
        logging.getLogger("newsroom.not_found").debug(record.getMessage())
        return False
