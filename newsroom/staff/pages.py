"""Which pages are the staff's: the one rule both the second factor and the session checks guard by."""

# The admin, the second factor's own pages, and the staff-only pages outside the admin (the preview of an
# unpublished article). Public pages are not here: a signed-in person reading the paper is a reader there.
STAFF_NAMESPACES = {"admin", "second_factor"}
STAFF_VIEWS_OUTSIDE_ADMIN = {"articles:preview"}


def is_staff_page(resolver_match) -> bool:
    if resolver_match is None:
        return False
    return bool(STAFF_NAMESPACES & set(resolver_match.namespaces)) or (
        resolver_match.view_name in STAFF_VIEWS_OUTSIDE_ADMIN
    )
