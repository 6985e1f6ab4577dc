"""Where uploads live: local folders (the default) or S3-compatible object storage (``MEDIA_STORAGE=s3``).

Two storages, as on disk:

- ``default``: public media (Wagtail images and documents). On S3 under the ``public/`` prefix of
  ``AWS_STORAGE_BUCKET_NAME``, with plain (unsigned) URLs on the bucket's endpoint or on
  ``AWS_S3_CUSTOM_DOMAIN`` (a CDN or the proxy); the bucket policy makes that prefix readable.
- ``private``: evidence, visit, session, chat and complaint photos and proofs. On S3 under the
  ``private/`` prefix of ``AWS_PRIVATE_BUCKET_NAME`` (default: the same bucket), never on the custom
  domain and with signed URLs only. The permission-checked views stream these files to the browser,
  so no object URL ever leaves the server (docs/operations.md, "Object storage").

Production uses MinIO, Amazon S3 or Google Cloud Storage's S3 API; the tests use moto's server.
"""

from __future__ import annotations

from pathlib import Path

from config import env

S3_BACKEND = "storages.backends.s3.S3Storage"


def build_storages(*, public_root: Path, private_root: Path, media_url: str) -> dict[str, dict]:
    """The ``default`` and ``private`` entries of ``STORAGES``, from ``MEDIA_STORAGE`` and the ``AWS_*`` variables."""
    kind = env.get_str("MEDIA_STORAGE", "local") or "local"
    if kind == "local":
        return {
            "default": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": public_root, "base_url": media_url},
            },
            "private": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": private_root, "base_url": None},
            },
        }
    if kind != "s3":
        env.fail("MEDIA_STORAGE", f"must be local or s3, not {kind!r}")
    return s3_storages()


def s3_storages() -> dict[str, dict]:
    bucket = env.get_str("AWS_STORAGE_BUCKET_NAME")
    if not bucket:
        env.fail("AWS_STORAGE_BUCKET_NAME", "is required with MEDIA_STORAGE=s3 (the bucket for uploads)")
    endpoint = env.get_url("AWS_S3_ENDPOINT_URL", {"http", "https"})  # MinIO, GCS; empty for AWS
    common = {
        "endpoint_url": endpoint,
        "region_name": env.get_str("AWS_S3_REGION_NAME") or None,
        # Keys from the environment, or (empty) boto3's own chain: instance role, ~/.aws, …
        "access_key": env.get_str("AWS_ACCESS_KEY_ID") or None,
        "secret_key": env.get_str("AWS_SECRET_ACCESS_KEY") or None,
        # MinIO and most S3-compatible servers expect path-style addressing.
        "addressing_style": env.get_str("AWS_S3_ADDRESSING_STYLE") or ("path" if endpoint else None),
        "signature_version": "s3v4",
        "file_overwrite": False,  # random names already; never replace someone's upload
        "default_acl": None,  # the bucket's policy decides (ACLs are off on new S3 buckets)
    }
    return {
        "default": {
            "BACKEND": S3_BACKEND,
            "OPTIONS": {
                **common,
                "bucket_name": bucket,
                "location": "public",
                "querystring_auth": False,
                "custom_domain": env.get_str("AWS_S3_CUSTOM_DOMAIN") or None,
                "object_parameters": {"CacheControl": "public, max-age=86400"},
            },
        },
        "private": {
            "BACKEND": S3_BACKEND,
            "OPTIONS": {
                **common,
                "bucket_name": env.get_str("AWS_PRIVATE_BUCKET_NAME") or bucket,
                "location": "private",
                "querystring_auth": True,
                "querystring_expire": 60,
                "custom_domain": None,
            },
        },
    }
