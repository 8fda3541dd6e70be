# Varnish (7.1, Debian's package) in front of the newsroom's app servers: keeps the public pages the application
# marks as shared (articles/cdn.py), and forgets them when their content changes.
#
#   include "backends.vcl"   the app servers: a director `app` and an ACL `purgers` (see the example there)
#
# What is kept: only a response the application marked for shared caches (Cache-Control with s-maxage, or a
# public max-age such as the static files'), with no Set-Cookie, for a GET or HEAD of a reader: never the
# admin, the beacon, previews, or anything asked by a signed-in member of staff (the session cookie). Without
# such a header nothing is kept, so with NEWSROOM_CDN_MAX_AGE=0 (the default) Varnish only passes requests on.
# How long: s-maxage (Varnish prefers it to max-age); no grace beyond it unless the application asks for one
# (stale-while-revalidate).
#
# How it is forgotten: the application sends `PURGE /` with `Surrogate-Key: <keys, space-separated>` after every
# change of public content; every kept object whose own Surrogate-Key header holds one of those keys is banned.
# The ban tests only obj.* (the lurker removes banned objects in the background). Readers never see the header.
#
# X-Forwarded-For: varnishd itself appends the address it was reached from to the header before vcl_recv, as
# nginx's $proxy_add_x_forwarded_for does: with Varnish alone in front, NEWSROOM_TRUSTED_PROXIES=1; with nginx
# (TLS) in front of Varnish, 2. Nothing here adds to it, or the application would trust the wrong entry.

vcl 4.1;

import std;

include "backends.vcl";

# PURGE is always taken from the machine itself; from elsewhere only from `purgers` (backends.vcl).
acl local {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    set req.backend_hint = app.backend();

    if (req.method == "PURGE") {
        # Straight from an allowed machine only: varnishd has just appended client.ip to X-Forwarded-For, so the
        # header holds more than that one address when the request came through a proxy (a TLS-terminating nginx
        # on this machine would otherwise make every reader "localhost").
        if ((client.ip !~ local && client.ip !~ purgers) || req.http.X-Forwarded-For != "" + client.ip) {
            return (synth(403, "Forbidden"));
        }
        # Keys as articles/cdn.py makes them ([A-Za-z0-9:_.-], one space between): nothing else reaches a
        # regular expression. A "." matches any character there, which can only ban more, never less. (The
        # ban's argument holds no space: the ban parser would split it there.)
        if (req.http.Surrogate-Key !~ "^[A-Za-z0-9:_.-]+( [A-Za-z0-9:_.-]+)*$") {
            return (synth(400, "Surrogate-Key: space-separated keys of A-Z a-z 0-9 : _ . -"));
        }
        if (std.ban("obj.http.Surrogate-Key ~ (^|[[:space:]])(" + regsuball(req.http.Surrogate-Key, " ", "|") + ")([[:space:]]|$)")) {
            return (synth(200, "Banned"));
        }
        return (synth(400, std.ban_error()));
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The staff's pages, the language switch, the view beacon (POST /api/xem/ and its pixel), previews, and the
    # health answers a monitor must get from the app server itself.
    if (req.url ~ "^/(en/)?(admin|i18n|api|xem-truoc)/" || req.url ~ "^/(healthz|readyz)(\?|$)") {
        return (pass);
    }
    # A session (settings.SESSION_COOKIE_NAME, Django's default "sessionid"): a member of staff, whose pages may
    # differ (the application's page cache bypasses them by the same rule, articles/page_cache.py _is_personal).
    if (req.http.Authorization || req.http.Cookie ~ "(^|;) *sessionid=") {
        return (pass);
    }
    # Any other cookie (csrftoken, an analytics cookie) changes nothing on a public page: the language comes from
    # the address. Dropped, so that readers share the kept copy.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_hash {
    hash_data(req.url);
    if (req.http.Host) {
        hash_data(req.http.Host);
    } else {
        hash_data(server.ip);
    }
    # The pages print absolute addresses (canonical link, OpenGraph): an https page must not be kept for http.
    if (req.http.X-Forwarded-Proto) {
        hash_data(req.http.X-Forwarded-Proto);
    }
    return (lookup);
}

sub vcl_backend_response {
    if (bereq.uncacheable) {
        return (deliver);
    }
    # Only what the application marked as shared, and never one reader's: else Varnish would apply its
    # default_ttl to every page the application said nothing about. Hit-for-miss: the next request goes to
    # the backend, and a cacheable answer then replaces this marker.
    if (beresp.http.Set-Cookie
        || beresp.http.Cache-Control ~ "(?i)(private|no-cache|no-store)"
        || beresp.http.Cache-Control !~ "(?i)(s-maxage|max-age) *= *[1-9]"
        || beresp.http.Vary == "*") {
        set beresp.ttl = 120s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    if (beresp.http.Cache-Control !~ "(?i)stale-while-revalidate") {
        set beresp.grace = 0s;
    }
    return (deliver);
}

sub vcl_deliver {
    # The keys are for Varnish; a reader has no use for them.
    unset resp.http.Surrogate-Key;
    # s-maxage was for this cache, which gets the purges; a shared cache further on (a proxy at an office or an
    # operator) would not, and could keep a taken-down article for that long.
    if (resp.http.Cache-Control ~ "(?i)s-maxage") {
        set resp.http.Cache-Control = regsub(resp.http.Cache-Control, "(?i) *, *s-maxage *= *[0-9]+|s-maxage *= *[0-9]+ *, *", "");
    }
}

sub vcl_synth {
    # PURGE's answers: a line of text, not the builtin HTML page.
    if (req.method == "PURGE") {
        set resp.http.Content-Type = "text/plain; charset=utf-8";
        set resp.body = resp.reason + {"
"};
        return (deliver);
    }
}
