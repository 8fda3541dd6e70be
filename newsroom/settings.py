"""
Settings for the newsroom CMS: one module, configured from the environment.

Unset variables give a working local site on SQLite with DEBUG on; production sets
DEBUG=0, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL=postgres://…
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _
from django_prose_editor.config import html_tags
from js_asset import static_lazy

from newsroom.env import env_bool, env_list, env_str
from newsroom.media_storage import media_settings

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    # Only for a developer's own machine: sessions signed with it are worthless anywhere else.
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105
# Unset with DEBUG off, it stays empty: commands that sign nothing (makemigrations, check, migrate)
# still run, while Django refuses to load the web application, or to sign anything, with an empty key
# ("The SECRET_KEY setting must not be empty").

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    "taggit",
    "django_prose_editor",
    "articles",
    # The second factor's devices (newsroom/staff/second_factor/): an authenticator app and recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "newsroom.staff",
    "newsroom.operations",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so that static files and media carry the headers too.
    "newsroom.security_headers.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "newsroom.middleware.EditionLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After authentication (it reads request.user) and messages (it tells why a session ended): ends a staff
    # session left idle or cut off by "sign out everywhere" before any view runs with it.
    "newsroom.staff.sessions.StaffSessionMiddleware",
    # After the session check: a session that has just ended goes to the sign-in page, not to the code page.
    "newsroom.staff.second_factor.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns the login view's answer into the lockout page once the count is reached.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "articles.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"
ASGI_APPLICATION = "newsroom.asgi.application"

# postgres://user:pass@host:5432/name uses psycopg 3; connections are kept for reuse and
# checked before each request so a restarted database server does not cost a 500.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=600,
        conn_health_checks=True,
    )
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite serves the demo and small installs: WAL lets readers work while a writer writes, and
    # IMMEDIATE transactions queue writers instead of failing with "database is locked" under load.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

# Reads from a replica (newsroom/replica.py). Optional: a PostgreSQL streaming replica of DATABASE_URL, e.g.
# postgres://newsroom@10.0.0.12:5432/newsroom. Set, public readers' pages read from it whenever it has replayed
# every change of public content (else, and for everything else, the primary); unset, every query goes to the
# primary as before.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL", "")
# After a browser sends a write (a save in the admin, signing out…), its reads stay on the primary this many
# seconds, whichever app server answers: longer than the replica's usual lag, so that whoever saved reads it back.
NEWSROOM_REPLICA_STICKY_SECONDS = 15
if DATABASE_REPLICA_URL:
    from newsroom.replica import replica_database, sticky_seconds

    DATABASES["replica"] = replica_database(DATABASE_REPLICA_URL, DATABASES["default"])
    DATABASE_ROUTERS = ["newsroom.replica.ReplicaRouter"]
    NEWSROOM_REPLICA_STICKY_SECONDS = sticky_seconds(env_str("NEWSROOM_REPLICA_STICKY_SECONDS", "15"))
    # Before axes, which asks to be last: after authentication (it looks at the session cookie only, though).
    MIDDLEWARE.insert(MIDDLEWARE.index("axes.middleware.AxesMiddleware"), "newsroom.replica.ReplicaMiddleware")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [
    ("vi", _("Vietnamese")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
# dd/mm/yyyy HH:MM in the admin whatever its language (newsroom/formats/); public pages use explicit formats.
FORMAT_MODULE_PATH = ["newsroom.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = BASE_DIR / "media"
# Whether the application itself serves uploads (newsroom/urls.py): on a developer's machine and in the demo
# (newsroom/settings_demo.py); in production the web server serves media/ and this stays off.
NEWSROOM_SERVE_MEDIA = DEBUG

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            # The manifest needs `collectstatic`; a developer running from a checkout has not run it.
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Media in object storage (newsroom/media_storage.py). Unset: uploads and renditions stay in MEDIA_ROOT, as on one
# server. MEDIA_STORAGE_URL=s3://KEY:SECRET@BUCKET?endpoint_url=…&region_name=…&addressing_style=…&location=… puts
# them in an S3-compatible bucket every app server shares; NEWSROOM_MEDIA_URL (optional, e.g. a CDN host
# https://cdn.example/) is the public base their addresses start with, for a bucket or the local folder alike.
# NEWSROOM_MEDIA_IMG_SOURCES: the origins pages' images then come from, added to the Content-Security-Policy.
STORAGES["default"], MEDIA_URL, NEWSROOM_MEDIA_IMG_SOURCES = media_settings(
    env_str("MEDIA_STORAGE_URL", ""), env_str("NEWSROOM_MEDIA_URL", ""), default_media_url=MEDIA_URL
)

# The body editor's toolbar and block menu speak the admin's language: django-prose-editor writes their
# labels in English in code, and this extension (static/newsroom_admin/prose_editor_labels.js) relabels
# them from the JavaScript catalogue. It adds no HTML, so it allows no tag to the sanitiser.
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [static_lazy("newsroom_admin/prose_editor_labels.js")],
        "extensions": {"NewsroomLabels": html_tags([])},
    },
    # Tiptap's base styles from a static file instead of an inline <style> the Content-Security-Policy refuses
    # (static/newsroom_admin/prose_editor_stylesheet.js). No HTML either.
    {
        "js": [static_lazy("newsroom_admin/prose_editor_stylesheet.js")],
        "extensions": {"NewsroomStyleSheet": html_tags([])},
    },
]

# Photos: the largest upload accepted, in bytes and in pixels (a decompression bomb is refused).
PHOTO_MAX_BYTES = int(env_str("PHOTO_MAX_BYTES", str(20 * 1024 * 1024)))
PHOTO_MAX_PIXELS = int(env_str("PHOTO_MAX_PIXELS", str(60_000_000)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Editorial workflow: with sign-off on, every article needs the editor-in-chief's approval after the
# editor's (a section can ask for it on its own with Section.requires_sign_off).
NEWSROOM_SIGN_OFF = env_bool("NEWSROOM_SIGN_OFF", default=False)
# How long a shared preview link works, in hours.
NEWSROOM_PREVIEW_HOURS = int(env_str("NEWSROOM_PREVIEW_HOURS", "48"))
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "toasoan@localhost")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env_str("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
# Links in the workflow e-mails point here.
NEWSROOM_ADMIN_BASE_URL = env_str("NEWSROOM_ADMIN_BASE_URL", "http://127.0.0.1:8000")

# Readership. With REDIS_URL, views are buffered in Redis (flushed by `manage.py flush_views`) and Redis
# is the cache; without it, views go straight to the database and the cache is per process.
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "newsroom",
            # A Redis that stops answering must cost a request milliseconds, not seconds.
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "newsroom"},
        # What must be one for all the server's processes, or a change made in one would reach that one
        # only: the page cache's generation (articles/page_cache.py) and the paper's particulars
        # (articles/site_settings.py). On disk, which they share. With Redis, both live in "default".
        "shared": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(Path(env_str("NEWSROOM_CACHE_DIR", str(BASE_DIR / "var" / "cache"))) / "shared"),
            # The page cache keeps two small entries per tag (an article, a section…): the default of 300
            # would cull them, and a culled tag ends every page carrying it.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        },
    }
# Optional: buffer views in a Redis database of their own (e.g. redis://127.0.0.1:6379/1), so that
# clearing the cache (FLUSHDB on REDIS_URL's database) can never drop views not yet flushed.
NEWSROOM_VIEWS_REDIS_URL = env_str("NEWSROOM_VIEWS_REDIS_URL", "")
# One reader counts once per article in this many minutes.
NEWSROOM_VIEW_DEDUP_MINUTES = int(env_str("NEWSROOM_VIEW_DEDUP_MINUTES", "30"))
# Views one client address may add to one article per minute: generous, because a mobile carrier's
# NAT puts thousands of readers behind one address; it stops a script, not a crowd.
NEWSROOM_VIEW_RATE_LIMIT = int(env_str("NEWSROOM_VIEW_RATE_LIMIT", "300"))
# How many proxies in front of the app append to X-Forwarded-For; 0 means the socket's address is the client.
NEWSROOM_TRUSTED_PROXIES = int(env_str("NEWSROOM_TRUSTED_PROXIES", "0"))
NEWSROOM_VIEW_DAYS_KEPT = int(env_str("NEWSROOM_VIEW_DAYS_KEPT", "180"))
NEWSROOM_VIEW_HOURS_KEPT = int(env_str("NEWSROOM_VIEW_HOURS_KEPT", "72"))
NEWSROOM_RANKING_CACHE_SECONDS = int(env_str("NEWSROOM_RANKING_CACHE_SECONDS", "60"))
# Anonymous readers' pages are kept whole in the cache for at most this many seconds (0: never), and dropped
# when what they show changes (articles/page_cache.py). The lifetime only bounds how late the "Tin xem
# nhiều" figures in a kept page may be. Without Redis each process keeps its own pages, all ended together
# through the "shared" cache above.
NEWSROOM_PAGE_CACHE_SECONDS = int(env_str("NEWSROOM_PAGE_CACHE_SECONDS", "120"))
# After an ordinary edit (not a take-down, a correction or a publication, which end pages at once), readers
# may get the previous copy of a page for at most this many seconds while one request makes the new one.
NEWSROOM_PAGE_CACHE_STALE_SECONDS = int(env_str("NEWSROOM_PAGE_CACHE_STALE_SECONDS", "15"))

# A CDN in front (Varnish: deploy/varnish/newsroom.vcl; articles/cdn.py). The pages the page cache keeps may be kept
# this many seconds by the shared cache in front (Cache-Control s-maxage, with a Surrogate-Key header naming what
# they show), which is told of every change: the bound on how late a scheduled publication reaches its listings
# there. 0 (the default): no such header, the site answers as it always did.
NEWSROOM_CDN_MAX_AGE = int(env_str("NEWSROOM_CDN_MAX_AGE", "0"))
# Where a change of public content is announced: comma-separated URLs, each sent an HTTP PURGE with
# `Surrogate-Key: <keys>` once the change is saved (e.g. http://10.0.0.5:6081/, the Varnish). Unset: none.
NEWSROOM_CDN_PURGE_URLS = env_list("NEWSROOM_CDN_PURGE_URLS", default=[])
if NEWSROOM_CDN_MAX_AGE or NEWSROOM_CDN_PURGE_URLS:  # a typo must stop the start, not every purge later
    from articles.cdn import check_settings

    check_settings(NEWSROOM_CDN_MAX_AGE, NEWSROOM_CDN_PURGE_URLS)

# What the public pages print about the paper; the site-settings model of a later issue replaces it.
NEWSROOM_SITE_NAME = env_str("NEWSROOM_SITE_NAME", "Báo Đồng Nai")
NEWSROOM_SOURCE_MARK = env_str("NEWSROOM_SOURCE_MARK", "(ĐN)")

if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_HTTPS_PROXY") else None
    # Off until the paper's HTTPS is known to work: a wrong HSTS header locks readers out for its whole lifetime.
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=False)
    SECURE_HSTS_SECONDS = int(env_str("SECURE_HSTS_SECONDS", "0"))

# Operations: backups and health (newsroom/operations/). Uploads may live outside the checkout (a data disk,
# /var/lib/newsroom/media), so a restore and the web server agree on one folder; backups go to a folder of
# their own unless `manage.py backup --output-dir` names another; pg_dump/pg_restore come from PATH unless the
# server's major version needs another client (Debian: /usr/lib/postgresql/<major>/bin).
MEDIA_ROOT = Path(env_str("NEWSROOM_MEDIA_ROOT", str(MEDIA_ROOT)))
NEWSROOM_BACKUP_DIR = Path(env_str("NEWSROOM_BACKUP_DIR", str(BASE_DIR / "var" / "backups")))
NEWSROOM_PG_BINDIR = env_str("NEWSROOM_PG_BINDIR", "")
# A load balancer probes /healthz and /readyz over plain HTTP: an HTTPS redirect would read as "down".
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

# The staff's door (newsroom/staff/). Sign-in throttling by django-axes, keyed on the username AND the client's
# address together: an attacker cannot lock the whole newsroom out from behind one proxy, and the address comes
# from the one rule in newsroom/client_address.py (never ipware's guess), so a forged X-Forwarded-For changes
# nothing. Counts wait out a cool-off; a superuser can unlock sooner from the admin.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out (username, address) before any check
    "django.contrib.auth.backends.ModelBackend",
]
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "newsroom.client_address.client_address"
AXES_FAILURE_LIMIT = int(env_str("NEWSROOM_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env_str("NEWSROOM_LOGIN_COOLOFF_MINUTES", "15")))
# A retry during the lockout does not push the end further: the time the lockout page promises stays true.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "newsroom.staff.throttle.lockout_response"
# The sign-in log: axes writes successes (AccessLog) and failures (AccessFailureLog) at the same signals and
# with the same address as the count; newsroom/staff/admin.py shows them to superusers only.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
# Days a sign-in line is kept; the daily `manage.py prune` drops older ones.
NEWSROOM_LOGIN_LOG_DAYS = int(env_str("NEWSROOM_LOGIN_LOG_DAYS", "365"))
# Minutes without activity after which a staff session ends (0: never). The change form's presence heartbeat
# is background noise, not activity (NEWSROOM_STAFF_BACKGROUND_VIEWS); autosaved typing is activity.
NEWSROOM_STAFF_IDLE_MINUTES = int(env_str("NEWSROOM_STAFF_IDLE_MINUTES", "60"))
NEWSROOM_STAFF_BACKGROUND_VIEWS = ["admin:articles_article_presence"]

# Production behind a web server (deploy/ and README's "Putting the paper on a server"). Where collectstatic writes:
# nginx serves that folder itself, so it and the application must name the same one (as for NEWSROOM_MEDIA_ROOT).
STATIC_ROOT = Path(env_str("NEWSROOM_STATIC_ROOT", str(STATIC_ROOT)))
# HSTS for this site is SECURE_HSTS_SECONDS above, set by deploy/newsroom.env.example once HTTPS works. Its two
# extensions reach beyond this application, so they are the domain owner's choice, off unless set: includeSubDomains
# forces HTTPS on every other host under the paper's domain (webmail, an old archive, an advertiser's subdomain)
# for the header's whole lifetime, and preload asks browser makers to build that into their browsers, which takes
# months to undo. `check --deploy` asks for both whenever HSTS is on (security.W005, security.W021); those two
# warnings are silenced because this application cannot know the rest of the domain, not because HSTS is off:
# security.W004 (HSTS unset) stays active, and deploy/newsroom.env.example is checked against it in CI
# (tests/test_deploy_check.py).
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]

# The staff's second factor (newsroom/staff/second_factor/): a code from an authenticator app, or a recovery code,
# after the password, before any admin page. A stolen password alone must not publish under the paper's name, so
# it is on wherever DEBUG is off. Editors, the editor-in-chief and superusers must have it; reporters when
# NEWSROOM_OTP_FOR_REPORTERS is on (anyone who has set one up is asked for it anyway).
NEWSROOM_OTP_REQUIRED = env_bool("NEWSROOM_OTP_REQUIRED", default=not DEBUG)
NEWSROOM_OTP_FOR_REPORTERS = env_bool("NEWSROOM_OTP_FOR_REPORTERS", default=False)
# The name the authenticator app shows beside the six digits.
OTP_TOTP_ISSUER = NEWSROOM_SITE_NAME
# Wrong codes in a row make the next try wait 1, 2, 4, 8… seconds (django-otp's throttling, per device).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# What a page may do in the reader's (and the staff's) browser, beyond what Django's SecurityMiddleware sends
# (X-Content-Type-Options: nosniff, Cross-Origin-Opener-Policy: same-origin, X-Frame-Options: DENY). Why each
# choice: newsroom/security_headers.py. Scripts, styles, images, fonts and the beacon come from the site
# itself only; no page may be framed, hold a plugin, move its base address or post a form elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        # NONCE only ever fills in on admin pages (newsroom/security_headers.py): public pages are cached whole.
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, *NEWSROOM_MEDIA_IMG_SOURCES],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        # Where browsers send a report of each violation (optional: a collector the paper runs or rents).
        "report-uri": env_str("NEWSROOM_CSP_REPORT_URI", "") or None,
    }
}
# Other sites a reader leaves for learn that the reader came from the paper, never from which article: the
# sources the paper links to see its readers (and can credit them), while what a reader read stays theirs.
# Within the site the whole address is sent (the admin's CSRF check over HTTPS needs it); none over plain http.
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# Powerful browser features nothing here uses, refused for the site and anything it might ever embed. The
# copy-link button (clipboard-write) and the phone's share sheet (web-share) stay allowed to the site itself;
# the admin's photo field opens the phone's camera through <input capture>, a file picker that needs no camera
# permission. Only features Chromium knows: an unknown one costs every page a console error.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "interest-cohort",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"not_found_to_debug": {"()": "newsroom.log_filters.NotFoundToDebug"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"filters": ["not_found_to_debug"]}},
}
