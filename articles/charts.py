"""Small charts drawn on the server as inline SVG: no JavaScript, nothing loaded from elsewhere.

`daily_views_svg(ranking.daily_views(article_id))` is the admin's "views per day" chart: one bar per day,
the highest value labelled, a day label about every week (counted back from the last day, so the last
day is always labelled), a tooltip (`<title>`) per bar with the exact count and date, and an
`aria-label` that says in words what the picture shows. Every piece of text is escaped.
"""

from __future__ import annotations

from datetime import date

from django.utils.formats import get_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext

# Geometry in viewBox units; the SVG scales to the width it is given (CSS), keeping its proportions.
SLOT = 14  # horizontal room per day
BAR = 10  # bar width within its slot
PLOT_HEIGHT = 100  # height of the tallest bar
TOP = 16  # room above the plot for the max label
BOTTOM = 16  # room below the plot for the day labels
SIDE = 6  # left and right margins
LABEL_EVERY = 7  # a day label about once a week


def group_digits(value: int) -> str:
    """A whole number in groups of three, with the active language's separator (Vietnamese: 12.345).

    Not number_format(force_grouping=True): Django's Vietnamese formats leave NUMBER_GROUPING unset (no groups).
    """
    return f"{int(value):,}".replace(",", get_format("THOUSAND_SEPARATOR"))


def _day(day, pattern: str) -> str:
    return day.strftime(pattern) if isinstance(day, date) else str(day)


def daily_views_svg(days: list[tuple], *, label: str | None = None) -> SafeString:
    """An SVG bar chart of `days`, a list of (date, views) oldest first, as markup safe to print.

    `label` replaces the generated accessible summary (it is escaped like everything else).
    """
    days = [(day, max(int(views or 0), 0)) for day, views in days]
    count = len(days)
    width = SIDE * 2 + SLOT * max(count, 1)
    height = TOP + PLOT_HEIGHT + BOTTOM
    baseline = TOP + PLOT_HEIGHT
    peak = max((views for _, views in days), default=0)
    total = sum(views for _, views in days)

    if label is None:
        if count and peak:
            peak_day = next(day for day, views in days if views == peak)
            label = gettext(
                "Views per day over the last %(days)d days, %(first)s to %(last)s: %(total)s in all, "
                "at most %(max)s on %(max_day)s."
            ) % {
                "days": count,
                "first": _day(days[0][0], "%d/%m/%Y"),
                "last": _day(days[-1][0], "%d/%m/%Y"),
                "total": group_digits(total),
                "max": group_digits(peak),
                "max_day": _day(peak_day, "%d/%m/%Y"),
            }
        else:
            label = gettext("Views per day over the last %(days)d days: none yet.") % {"days": count}

    bars = []
    for index, (day, views) in enumerate(days):
        x = SIDE + index * SLOT
        bar_height = round(views / peak * PLOT_HEIGHT, 1) if peak else 0
        tooltip = ngettext("%(count)s view on %(day)s", "%(count)s views on %(day)s", views) % {
            "count": group_digits(views),
            "day": _day(day, "%d/%m/%Y"),
        }
        # The invisible full-height rectangle gives a day with few (or no) views something to hover.
        bars.append(
            format_html(
                '<g><title>{}</title><rect class="chart-hit" x="{}" y="{}" width="{}" height="{}" fill="transparent"/>'
                '<rect class="chart-bar{}" x="{}" y="{}" width="{}" height="{}" fill="#417690"/></g>',
                tooltip,
                x,
                TOP,
                SLOT,
                PLOT_HEIGHT,
                " chart-bar--max" if peak and views == peak else "",
                x + (SLOT - BAR) / 2,
                round(baseline - bar_height, 1),
                BAR,
                bar_height,
            )
        )

    texts = []
    if peak:
        index = next(n for n, (_, views) in enumerate(days) if views == peak)
        centre = SIDE + index * SLOT + SLOT / 2
        anchor = "start" if index < 2 else "end" if index > count - 3 else "middle"
        x = SIDE + index * SLOT if anchor == "start" else SIDE + (index + 1) * SLOT if anchor == "end" else centre
        texts.append(
            format_html(
                '<text class="chart-max" x="{}" y="{}" text-anchor="{}" font-size="10" font-weight="700">{}</text>',
                x,
                TOP - 4,
                anchor,
                group_digits(peak),
            )
        )
    for index in range(count - 1, -1, -LABEL_EVERY):
        centre = SIDE + index * SLOT + SLOT / 2
        anchor = "end" if index == count - 1 else "middle"
        x = SIDE + (index + 1) * SLOT if anchor == "end" else centre
        texts.append(
            format_html(
                '<text class="chart-day" x="{}" y="{}" text-anchor="{}" font-size="9">{}</text>',
                x,
                baseline + 12,
                anchor,
                _day(days[index][0], "%d/%m"),
            )
        )

    return format_html(
        '<svg class="views-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'role="img" aria-label="{label}" preserveAspectRatio="xMinYMid meet">'
        '<line class="chart-axis" x1="{side}" y1="{base}" x2="{end}" y2="{base}" stroke="#999" stroke-width="1"/>'
        "{bars}{texts}</svg>",
        w=width,
        h=height,
        label=label,
        side=SIDE,
        end=width - SIDE,
        base=baseline + 0.5,
        bars=format_html_join("", "{}", ((bar,) for bar in bars)),
        texts=format_html_join("", "{}", ((text,) for text in texts)),
    )
