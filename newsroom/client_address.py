"""Who is asking: the client's address, by one rule for every part of the site that needs it.

The view beacon's rate limit and the staff login throttle both key on it, so a proxy set-up that is trusted
for one is trusted for the other (one function, one setting: NEWSROOM_TRUSTED_PROXIES).
"""

from django.conf import settings


def client_address(request) -> str:
    """The socket's address, unless NEWSROOM_TRUSTED_PROXIES proxies in front say otherwise.

    With N trusted proxies, the client is the N-th address from the right of X-Forwarded-For: the
    entries to its left were written by the client itself and prove nothing.
    """
    trusted = settings.NEWSROOM_TRUSTED_PROXIES
    if trusted > 0:
        chain = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",") if part.strip()]
        if len(chain) >= trusted:
            return chain[-trusted]
    return request.META.get("REMOTE_ADDR", "")
