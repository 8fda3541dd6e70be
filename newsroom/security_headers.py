"""The Content-Security-Policy of every response, and the one place a nonce may appear: the admin.

The policy itself is in settings (CONTENT_SECURITY_POLICY, with Referrer-Policy and Permissions-Policy beside it).
It allows scripts and styles from the site's own address only, so a script smuggled into a page (a title, a
caption, a hijacked editor's text) is never run, and a page of the paper cannot be framed by another site.

Public pages carry no nonce and never will: articles/page_cache.py hands one reader's whole page to the next,
and a nonce served to many readers is no secret. So everything a public page runs or styles itself with lives
in static files, and asking for `request.csp_nonce` there is a programming error, raised at once.

The admin is never cached, and needs a nonce for one thing Django's and its apps' templates write inline: the
import map of the body editor (django-prose-editor, through django-js-asset), a `<script type="importmap">` the
browser treats as a script. The admin's form media are given the request's nonce, which django-csp then adds to
that response's policy (the NONCE sentinel in script-src stays empty on every other response).
"""

from csp.exceptions import CSPNonceError
from csp.middleware import CheckableLazyObject, CSPMiddleware
from js_asset import Media

from newsroom.middleware import is_admin_request


def _no_nonce_on_public_pages():
    raise CSPNonceError(
        "A public page asked for a CSP nonce: public pages are cached whole and shared between readers, so "
        "they load every script and style from static files instead."
    )


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the nonce kept to the admin's responses."""

    def process_request(self, request):
        if is_admin_request(request):
            super().process_request(request)
        else:
            request.csp_nonce = CheckableLazyObject(_no_nonce_on_public_pages)

    def process_template_response(self, request, response):
        # Only django-js-asset's Media holds an import map; the admin's other pages need no nonce and get none.
        media = (response.context_data or {}).get("media")
        if is_admin_request(request) and isinstance(media, Media):
            response.context_data["media"] = media.with_nonce(request.csp_nonce)
        return response

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not is_admin_request(request):
            parts.nonce = None
        return parts
