"""The media bucket's storage class (MEDIA_STORAGE_URL, newsroom/media_storage.py reads it into its options)."""

from botocore.config import Config
from botocore.exceptions import ClientError
from storages.backends.s3 import S3Storage
from storages.utils import clean_name


class MediaBucketStorage(S3Storage):
    """django-storages' S3Storage, naming files apart as FileSystemStorage does, even between two servers.

    S3Storage with file_overwrite=False checks that a name is free, then writes: two servers saving "anh.jpg"
    in the same moment would both find it free, and the second write would replace the first photo. Here the
    write itself is conditional (If-None-Match: *, which S3, MinIO and Ceph honour): a taken name fails, and
    the file is saved under another (anh_Xk3b9Qz.jpg), like FileSystemStorage's O_EXCL open.
    """

    identity_prefix = "s3"

    # A bucket that stops answering costs a page or a save seconds, not boto3's minute per try: pages fall back
    # (articles/images.py prints the photo's address as is) and the failure is logged.
    connect_timeout_s = 3
    read_timeout_s = 20

    def __init__(self, **options):
        if options.get("client_config") is None:
            options["client_config"] = Config(
                s3={"addressing_style": options.get("addressing_style")},
                connect_timeout=self.connect_timeout_s,
                read_timeout=self.read_timeout_s,
                retries={"mode": "standard", "total_max_attempts": 2},
            )
        super().__init__(**options)

    @property
    def identity(self) -> str:
        """One string per bucket and prefix, the same on every server (articles/images.py keys sizes by it)."""
        return f"{self.identity_prefix}:{self.endpoint_url or 'aws'}/{self.bucket_name}/{self.location}"

    def _save(self, name, content):
        if self.file_overwrite:
            return super()._save(name, content)
        content.seek(0)
        body = content.read()
        for _attempt in range(100):
            cleaned = clean_name(name)
            key = self._normalize_name(cleaned)
            params = self._get_write_parameters(key, content)
            try:
                self.bucket.Object(key).put(Body=body, IfNoneMatch="*", **params)
                return cleaned
            except ClientError as error:
                # 412: the name is taken; 409: another write to it is under way. Either way, another name.
                if error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") not in (409, 412):
                    raise
            root, dot, extension = name.rpartition(".")
            stem, ext = (root, f".{extension}") if dot and "/" not in extension else (name, "")
            name = self.get_available_name(self.get_alternative_name(stem, ext))
        raise OSError(f"no free name found for {name} in the bucket")


# One per bucket and timeout for the process: a boto3 client costs tens of milliseconds to make, and a load
# balancer probes every few seconds (clients are thread-safe).
_probe_clients: dict[tuple[str, float], object] = {}


def probe_client(storage, *, timeout: float):
    """A client of the storage's bucket (same credentials, endpoint, region, addressing) that gives up after
    `timeout` seconds and never retries, and the bucket's name: for a health probe that must answer quickly."""
    key = (f"{storage.identity}:{storage.access_key}", timeout)
    if key not in _probe_clients:
        config = storage.client_config.merge(
            Config(connect_timeout=timeout, read_timeout=timeout, retries={"total_max_attempts": 1})
        )
        quick = storage.__class__(**{**_options_of(storage), "client_config": config})
        _probe_clients[key] = quick.connection.meta.client
    return _probe_clients[key], storage.bucket_name


def bucket_answers(storage, *, timeout: float) -> None:
    """The storage's bucket answers HEAD for itself, with these credentials, within `timeout`, once; raises what
    boto3 raises otherwise. A HeadBucket, not a write: a probe every few seconds from each balancer writing and
    deleting an object would be billed, and on a versioned bucket would pile up versions no one reads."""
    client, bucket = probe_client(storage, timeout=timeout)
    client.head_bucket(Bucket=bucket)


# storage.__class__, not type(storage): default_storage is a lazy proxy whose __class__ is the storage's own.
def _options_of(storage) -> dict:
    # S3Storage keeps each option as an attribute of its name (get_default_settings lists them).
    return {name: getattr(storage, name) for name in storage.get_default_settings()}


def object_names(storage) -> list[str]:
    """Every object's name in the storage (keys below its location, sorted), as the storage names them."""
    prefix = f"{storage.location}/" if storage.location else ""
    return sorted(entry.key[len(prefix) :] for entry in storage.bucket.objects.filter(Prefix=prefix))


def overwriting(storage):
    """The same bucket, saving each file under exactly its name, replacing what is there: for a restore, which
    puts back the names the database refers to."""
    return storage.__class__(**{**_options_of(storage), "file_overwrite": True})
