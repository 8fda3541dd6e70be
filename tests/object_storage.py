"""An S3-compatible object store for tests: moto's server mode, a real HTTP server on 127.0.0.1 in a process of
its own, so the test process, the application it runs through the test client and the gunicorn servers a test
starts all reach the same buckets, as app servers reach MinIO or S3 in production.

One server per test session (moto takes a couple of seconds to start): each test takes a bucket of its own by
name through `object_storage.media_storage_url(name)`, so tests never see each other's objects.
Registered for every test by tests/conftest.py (`pytest_plugins`).
"""

import contextlib
import copy
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote
from urllib.request import urlopen

import pytest

from tests.servers import free_port, stop, wait_until

# moto accepts any credentials; these only have to be the same in the URL the application reads and in the
# client a test inspects the bucket with.
ACCESS_KEY = "newsroom-test"
SECRET_KEY = "newsroom-test-secret/+"  # a '/' and a '+', as real secrets have: the URL must quote them
REGION = "us-east-1"


@dataclass
class ObjectStorage:
    """A running moto server: where it answers, and what a test asks of it."""

    endpoint: str  # http://127.0.0.1:<port>
    process: subprocess.Popen
    log: Path

    def client(self):
        """A boto3 S3 client of this server, for a test to look into buckets (never the application's own)."""
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
        )

    def create_bucket(self, bucket_name: str) -> None:
        """An empty bucket of that name (emptied first when an earlier test left one)."""
        client = self.client()
        # Outside us-east-1 an existing bucket of ours is an error, inside it a success: empty it either way.
        with contextlib.suppress(client.exceptions.BucketAlreadyOwnedByYou):
            client.create_bucket(Bucket=bucket_name)
        self.empty_bucket(bucket_name)

    def empty_bucket(self, bucket_name: str) -> None:
        client = self.client()
        for page in client.get_paginator("list_object_versions").paginate(Bucket=bucket_name):
            for entry in page.get("Versions", []) + page.get("DeleteMarkers", []):
                client.delete_object(Bucket=bucket_name, Key=entry["Key"], VersionId=entry["VersionId"])

    def objects(self, bucket_name: str) -> dict[str, bytes]:
        """Every object in the bucket: key → content."""
        client = self.client()
        found = {}
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket_name):
            for entry in page.get("Contents", []):
                found[entry["Key"]] = client.get_object(Bucket=bucket_name, Key=entry["Key"])["Body"].read()
        return found

    def media_storage_url(self, bucket_name: str, *, location: str = "") -> str:
        """Creates the bucket (empty) and returns the MEDIA_STORAGE_URL value that stores media in it
        (newsroom/media_storage.py reads it). Path-style addressing: <bucket>.127.0.0.1 resolves nowhere."""
        self.create_bucket(bucket_name)
        query = f"endpoint_url={quote(self.endpoint, safe='')}&region_name={REGION}&addressing_style=path"
        if location:
            query += f"&location={quote(location, safe='')}"
        return f"s3://{quote(ACCESS_KEY, safe='')}:{quote(SECRET_KEY, safe='')}@{bucket_name}?{query}"


def use_media_storage(settings, storage_url: str, public_url: str = "") -> None:
    """Give a test (pytest-django's `settings`) the media settings newsroom/settings.py makes of MEDIA_STORAGE_URL
    and NEWSROOM_MEDIA_URL: the default storage, MEDIA_URL and the Content-Security-Policy's image sources."""
    from newsroom.media_storage import media_settings

    default, media_url, sources = media_settings(storage_url, public_url, default_media_url="/media/")
    settings.STORAGES = {**settings.STORAGES, "default": default}
    settings.MEDIA_URL = media_url
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    kept = [source for source in policy["DIRECTIVES"]["img-src"] if source not in settings.NEWSROOM_MEDIA_IMG_SOURCES]
    policy["DIRECTIVES"]["img-src"] = [*kept, *sources]
    settings.CONTENT_SECURITY_POLICY = policy
    settings.NEWSROOM_MEDIA_IMG_SOURCES = sources


def unique_bucket_name(what: str) -> str:
    """A bucket name no other test (nor another run against the same server) uses."""
    return f"{what}-{uuid.uuid4().hex[:16]}"


def _answers(endpoint: str) -> bool:
    with urlopen(f"{endpoint}/moto-api/", timeout=2) as response:  # noqa: S310 (our own loopback server)
        return response.status == 200


@pytest.fixture(scope="session")
def object_storage(tmp_path_factory):
    """A moto S3 server on a free port of 127.0.0.1 for the whole session, stopped at its end."""
    port = free_port()
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    with log.open("ab") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    storage = ObjectStorage(endpoint=f"http://127.0.0.1:{port}", process=process, log=log)
    try:

        def alive():
            assert process.poll() is None, f"moto server exited:\n{log.read_text(errors='replace')}"

        wait_until(lambda: _answers(storage.endpoint), "moto server", alive=alive)
        yield storage
    finally:
        stop(process)
