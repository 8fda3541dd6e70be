"""A bucket whose objects anyone may read, as the operator sets up the paper's media bucket: readers' browsers
fetch photos from it (or from a CDN in front of it) by plain, unsigned URLs (newsroom/media_storage.py), so it
needs a policy allowing anonymous GET of its objects — and nothing else: listing and writing stay the app's.
For tests and benchmarks that fetch a page's photos over HTTP (tests/test_two_servers.py,
bench/several_machines.py)."""

import json


def allow_anonymous_reads(client, bucket_name: str) -> None:
    """`client`: a boto3 S3 client of the bucket's server (tests.object_storage.ObjectStorage.client())."""
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "ReadersFetchMedia",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{bucket_name}/*",
            }
        ],
    }
    client.put_bucket_policy(Bucket=bucket_name, Policy=json.dumps(policy))
