"""The newsroom's own date and time formats (settings.FORMAT_MODULE_PATH), for both languages of the admin.

One shape everywhere staff read or type a moment: 31/12/2026 14:30, 24 hours, in the paper's time zone
(settings.TIME_ZONE). Django's stock Vietnamese formats print "Ngày 31 tháng 12 năm 2026" and its English
ones "Dec. 31, 2026, 2:30 p.m." and read "12/31/2026" as a date: a day and a month swapped would schedule
an article a month off. Public pages print their dates with explicit formats and are not affected.
Formats not named here (month names for the date drill-down, number separators) stay Django's.
"""

from django.utils import timezone
from django.utils.formats import date_format


def staff_time(moment) -> str:
    """A moment as staff read it everywhere (the admin, its messages, the sign-in pages): 31/12/2026 14:30 in the
    paper's time zone; "—" for none."""
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT") if moment else "—"
