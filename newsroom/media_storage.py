"""Where uploads and renditions live: the local folder (MEDIA_ROOT, the default), or an S3-compatible bucket
(AWS S3, MinIO, Ceph, a cloud's object store) named by one setting, so several app servers share one set of media.

    MEDIA_STORAGE_URL=s3://ACCESS_KEY:SECRET@BUCKET?endpoint_url=https://s3.example&region_name=us-east-1
    NEWSROOM_MEDIA_URL=https://cdn.baodongnai.example/        (optional: the public base of media, a CDN host)

MEDIA_STORAGE_URL: scheme s3; the access key and secret percent-encoded (a secret's '/' is %2F, '+' is %2B),
or both left out for boto3's own chain (AWS_ACCESS_KEY_ID…, an instance role); the bucket as host. Query
parameters, all optional:
    endpoint_url     http(s) address of a non-AWS server (MinIO, Ceph…); AWS's own when left out
    region_name      e.g. us-east-1, ap-southeast-1
    addressing_style path | virtual | auto (path for MinIO and servers without a wildcard DNS name)
    location         a key prefix inside the bucket, e.g. media (objects are media/photos/…)

Media are public (the bucket, or the CDN before it, must allow anonymous GET on its objects: see
docs/scaling.md), so their URLs are plain, never signed: a signed URL changes every time it is made, and a page
cached for an hour would hand out expired ones. An object's URL is NEWSROOM_MEDIA_URL + its key when that is set,
else the bucket's own address.
"""

import re
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

MEDIA_STORAGE_URL = "MEDIA_STORAGE_URL"
MEDIA_URL_SETTING = "NEWSROOM_MEDIA_URL"
# In a module of its own: boto3 is imported only where a bucket is configured, never by settings.
BACKEND = "newsroom.media_bucket.MediaBucketStorage"

_PARAMETERS = ("endpoint_url", "region_name", "addressing_style", "location")
_ADDRESSING_STYLES = ("path", "virtual", "auto")
# S3's bucket naming rules: 3 to 63 lower-case letters, digits, dots and hyphens, a letter or digit at each end.
_BUCKET = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")


def _wrong(variable: str, value: str, what: str) -> ImproperlyConfigured:
    # The value is never printed whole: it may carry a secret.
    return ImproperlyConfigured(f"{variable} is malformed: {what}. {_shape(variable)}")


def _shape(variable: str) -> str:
    if variable == MEDIA_STORAGE_URL:
        return (
            "Expected s3://ACCESS_KEY:SECRET@BUCKET?endpoint_url=https://…&region_name=…"
            "&addressing_style=path|virtual|auto&location=PREFIX (every parameter optional)."
        )
    return "Expected the public base of media, e.g. https://cdn.example.com/ or https://example.com/media/."


def bucket_options(url: str) -> dict:
    """S3Storage's options for MEDIA_STORAGE_URL. Raises ImproperlyConfigured naming the variable."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 (raises ValueError on a port that is not a number)
    except ValueError as error:
        raise _wrong(MEDIA_STORAGE_URL, url, f"not a URL ({error})") from error
    if parts.scheme != "s3":
        raise _wrong(MEDIA_STORAGE_URL, url, f"the scheme must be s3, not {parts.scheme or 'none'!r}")
    bucket = parts.hostname or ""
    if not _BUCKET.fullmatch(bucket) or parts.port is not None:
        raise _wrong(MEDIA_STORAGE_URL, url, f"{bucket or 'no bucket'!r} is not a bucket name")
    if parts.path not in ("", "/") or parts.fragment:
        raise _wrong(MEDIA_STORAGE_URL, url, "only ?parameters may follow the bucket (a prefix: ?location=)")
    if (parts.username is None) != (parts.password is None) or parts.username == "" or parts.password == "":
        raise _wrong(MEDIA_STORAGE_URL, url, "give both the access key and the secret (KEY:SECRET@), or neither")
    try:
        query = parse_qs(parts.query, keep_blank_values=True, strict_parsing=bool(parts.query))
    except ValueError as error:
        raise _wrong(MEDIA_STORAGE_URL, url, f"unreadable parameters ({error})") from error
    unknown = sorted(set(query) - set(_PARAMETERS))
    if unknown:
        raise _wrong(MEDIA_STORAGE_URL, url, f"unknown parameter {unknown[0]!r} (known: {', '.join(_PARAMETERS)})")
    twice = sorted(name for name, values in query.items() if len(values) > 1)
    if twice:
        raise _wrong(MEDIA_STORAGE_URL, url, f"parameter {twice[0]!r} given twice")
    values = {name: found[0].strip() for name, found in query.items()}

    options = {
        "bucket_name": bucket,
        # Two uploads of "anh.jpg" must never replace each other (MediaBucketStorage names them apart).
        "file_overwrite": False,
        "querystring_auth": False,
        "default_acl": None,  # the bucket's policy decides who reads, never a per-object ACL
        "location": values.get("location", "").strip("/"),
        # A photo is a few MB at most (PHOTO_MAX_BYTES): one PUT, so that the write can be conditional.
        "object_parameters": {"CacheControl": "public, max-age=604800"},
    }
    if parts.username is not None:
        options["access_key"] = unquote(parts.username)
        options["secret_key"] = unquote(parts.password)
    if endpoint := values.get("endpoint_url"):
        endpoint_parts = urlsplit(endpoint)
        if endpoint_parts.scheme not in ("http", "https") or not endpoint_parts.hostname:
            raise _wrong(MEDIA_STORAGE_URL, url, "endpoint_url must be an http:// or https:// address")
        options["endpoint_url"] = endpoint.rstrip("/")
        options["use_ssl"] = endpoint_parts.scheme == "https"
    if region := values.get("region_name"):
        options["region_name"] = region
    if style := values.get("addressing_style"):
        if style not in _ADDRESSING_STYLES:
            raise _wrong(MEDIA_STORAGE_URL, url, f"addressing_style must be one of {', '.join(_ADDRESSING_STYLES)}")
        options["addressing_style"] = style
    return options


def public_base(url: str) -> tuple[str, str]:
    """(scheme, host and path without the final slash) of NEWSROOM_MEDIA_URL, e.g. ("https", "cdn.example/m")."""
    parts = urlsplit(url.strip())
    try:
        parts.port  # noqa: B018
    except ValueError as error:
        raise _wrong(MEDIA_URL_SETTING, url, f"not a URL ({error})") from error
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise _wrong(MEDIA_URL_SETTING, url, "it must be an absolute http:// or https:// address")
    if parts.query or parts.fragment or parts.username or parts.password:
        raise _wrong(MEDIA_URL_SETTING, url, "no user, ?query or #fragment belongs in it")
    return parts.scheme, f"{parts.netloc}{parts.path}".rstrip("/")


def media_settings(storage_url: str, public_url: str, *, default_media_url: str) -> tuple[dict, str, list[str]]:
    """From MEDIA_STORAGE_URL and NEWSROOM_MEDIA_URL (either may be empty): STORAGES["default"], MEDIA_URL, and
    the origins the Content-Security-Policy must allow images from (none when media are on the site itself)."""
    storage_url, public_url = (storage_url or "").strip(), (public_url or "").strip()
    media_url, origins = default_media_url, []
    if public_url:
        scheme, base = public_base(public_url)
        media_url = f"{scheme}://{base}/"
        origins.append(f"{scheme}://{urlsplit(media_url).netloc}")
    if not storage_url:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}, media_url, origins
    options = bucket_options(storage_url)
    if public_url:
        options["custom_domain"], options["url_protocol"] = base, f"{scheme}:"
    else:
        # Without a CDN, images come from the bucket's own address: the endpoint's host in path style; in virtual
        # style (or auto, boto3's choice) a subdomain of it named after the bucket, so any subdomain is allowed.
        endpoint = urlsplit(options.get("endpoint_url") or "https://amazonaws.com")
        origins.append(f"{endpoint.scheme}://{endpoint.netloc}")
        if options.get("addressing_style") != "path":
            origins.append(f"{endpoint.scheme}://*.{endpoint.netloc}")
    return {"BACKEND": BACKEND, "OPTIONS": options}, media_url, origins


def storage_identity(storage) -> str:
    """What tells one media store from another: a bucket (and prefix), or the folder it writes to."""
    identity = getattr(storage, "identity", None)
    return identity if isinstance(identity, str) else f"file:{getattr(storage, 'location', '')}"


def in_bucket(storage) -> bool:
    """Whether the storage is a bucket (newsroom/media_bucket.py), not a folder."""
    return getattr(storage, "bucket_name", None) is not None
