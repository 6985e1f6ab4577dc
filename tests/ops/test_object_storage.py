"""MEDIA_STORAGE=s3: uploads on S3-compatible object storage, tested against moto's S3 server on loopback."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import boto3
import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.test import override_settings
from django.urls import reverse

from incubator import services
from incubator.models import EvidencePhoto, private_storage
from tests.accounts.test_settings_and_health import PRODUCTION_ENV, manage
from tests.incubator import photos
from tests.incubator.factories import MentorProfileFactory
from tests.incubator.test_services import first

pytestmark = pytest.mark.s3

PUBLIC_BUCKET = "tumbuh-media"
PRIVATE_BUCKET = "tumbuh-private"
PUBLIC_READ_POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": ["s3:GetObject"],
                "Resource": [f"arn:aws:s3:::{PUBLIC_BUCKET}/public/*"],
            }
        ],
    }
)
KEYS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing-secret"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint(tmp_path_factory):
    """moto's S3 API server on a free loopback port for this module, stopped afterwards."""
    port = free_port()
    log = (tmp_path_factory.mktemp("moto") / "moto.log").open("w")
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail("moto_server did not start")
            time.sleep(0.1)
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=KEYS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=KEYS["AWS_SECRET_ACCESS_KEY"],
    )
    for bucket in (PUBLIC_BUCKET, PRIVATE_BUCKET):
        client.create_bucket(Bucket=bucket)
    # What an operator sets (docs/operations.md): anyone may read public/, nothing else.
    client.put_bucket_policy(Bucket=PUBLIC_BUCKET, Policy=PUBLIC_READ_POLICY)
    yield endpoint, client
    proc.terminate()
    proc.wait(timeout=10)
    log.close()


@pytest.fixture
def on_s3(s3_endpoint, monkeypatch):
    """The app's storages switched to S3 exactly as ``MEDIA_STORAGE=s3`` configures them."""
    from config.storage import build_storages

    endpoint, client = s3_endpoint
    env = {
        "MEDIA_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": PUBLIC_BUCKET,
        "AWS_PRIVATE_BUCKET_NAME": PRIVATE_BUCKET,
        "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_S3_REGION_NAME": "us-east-1",
        **KEYS,
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_S3_CUSTOM_DOMAIN", raising=False)

    def configure(**extra_env):
        for name, value in extra_env.items():
            monkeypatch.setenv(name, value)
        built = build_storages(public_root=Path("/unused"), private_root=Path("/unused"), media_url="/media/")
        from django.conf import settings

        override = override_settings(STORAGES={**settings.STORAGES, **built})
        override.enable()
        # Model fields took their private storage when the models were imported (as in production,
        # where the settings come first): point them at the new one.
        for model in apps.get_models():
            for field in model._meta.get_fields():
                if getattr(field, "_storage_callable", None) is private_storage:
                    monkeypatch.setattr(field, "storage", storages["private"])
        return override

    overrides = [configure()]
    yield client, lambda **kw: overrides.append(configure(**kw))
    for override in reversed(overrides):
        override.disable()


def keys(client, bucket: str) -> list[str]:
    return [o["Key"] for o in client.list_objects_v2(Bucket=bucket).get("Contents", [])]


def test_evidence_photo_goes_to_the_private_bucket_and_only_the_checked_view_serves_it(
    world, client_for, on_s3, settings
):
    client, _configure = on_s3
    m = first(world, order=2)
    owner = client_for(world.entrepreneur)
    response = owner.post(
        reverse("incubator:milestone_detail", args=[m.pk]),
        {
            "text": "HPP keripik",
            "amount": "Rp 12.500",
            "photos": [photos.phone_jpeg()],
            "expected_version": 0,
        },
    )
    assert response.status_code == 302
    photo = EvidencePhoto.objects.get(milestone=m)
    stored = keys(client, PRIVATE_BUCKET)
    assert f"private/{photo.image.name}" in stored and f"private/{photo.thumbnail.name}" in stored
    assert keys(client, PUBLIC_BUCKET) == []  # nothing private in the public bucket
    assert not Path(settings.PRIVATE_MEDIA_ROOT).exists()  # nor on the local disk

    # The owner reads it back through the permission-checked view: the bytes stored in the bucket.
    response = owner.get(reverse("incubator:private_file", args=["evidence", photo.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, max-age=3600"
    body = b"".join(response.streaming_content)
    obj = client.get_object(Bucket=PRIVATE_BUCKET, Key=f"private/{photo.image.name}")["Body"].read()
    assert body == obj and body[:2] == b"\xff\xd8"

    # A stranger (another mentor) is refused, as on local disk.
    stranger = client_for(MentorProfileFactory().user)
    assert stranger.get(reverse("incubator:private_file", args=["evidence", photo.pk])).status_code == 404

    # The private storage never hands out a plain URL: only a short-lived signed one; unsigned, the
    # object is refused.
    signed = photo.image.storage.url(photo.image.name)
    assert "X-Amz-Signature=" in signed and "X-Amz-Expires=60" in signed
    plain = signed.split("?", 1)[0]
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(plain, timeout=5)  # noqa: S310 (loopback moto)
    assert refused.value.code == 403


def test_a_missing_private_object_is_a_404(world, client_for, on_s3):
    client, _configure = on_s3
    m = first(world, order=2)
    services.submit_evidence(m, by=world.entrepreneur, text="x", amount=1, photos=[photos.png()])
    photo = EvidencePhoto.objects.get(milestone=m)
    client.delete_object(Bucket=PRIVATE_BUCKET, Key=f"private/{photo.image.name}")
    response = client_for(world.entrepreneur).get(
        reverse("incubator:private_file", args=["evidence", photo.pk])
    )
    assert response.status_code == 404


@pytest.mark.django_db
def test_public_image_urls_point_at_the_bucket_or_the_custom_domain(on_s3):
    from wagtail.images.models import Image
    from wagtail.models import Collection

    client, configure = on_s3
    # The root collection comes from a data migration, which an earlier transactional test may have flushed.
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    upload = photos.png("logo.png")
    image = Image.objects.create(
        title="Logo", file=ContentFile(upload.read(), name="logo.png"), collection=root
    )
    endpoint = client.meta.endpoint_url
    url = image.file.url
    assert url.startswith(f"{endpoint}/{PUBLIC_BUCKET}/public/original_images/")
    assert "Signature" not in url
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback moto)
        assert response.status == 200 and response.read()[:4] == b"\x89PNG"
    rendition = image.get_rendition("fill-40x40")
    assert rendition.url.startswith(f"{endpoint}/{PUBLIC_BUCKET}/public/images/")

    configure(AWS_S3_CUSTOM_DOMAIN="media.tumbuh.example.org")
    assert Image.objects.get(pk=image.pk).file.url.startswith("https://media.tumbuh.example.org/public/")
    # The custom (public) domain never serves private files.
    assert "media.tumbuh.example.org" not in storages["private"].url("evidencephoto/x.jpg")


def test_s3_settings_from_the_environment_fail_in_one_line():
    missing = manage("check", env={**PRODUCTION_ENV, "MEDIA_STORAGE": "s3"})
    assert missing.returncode != 0
    assert missing.stderr.strip().splitlines() == [
        "Configuration error: AWS_STORAGE_BUCKET_NAME is required with MEDIA_STORAGE=s3 (the bucket for uploads)"
    ]
    wrong = manage("check", env={**PRODUCTION_ENV, "MEDIA_STORAGE": "ftp"})
    assert wrong.returncode != 0 and "MEDIA_STORAGE must be local or s3" in wrong.stderr
    code = "from django.core.files.storage import storages as s; print(type(s['private']).__name__, s['private'].bucket_name, s['private'].location)"
    ok = manage(
        "shell",
        "-c",
        code,
        env={**PRODUCTION_ENV, "MEDIA_STORAGE": "s3", "AWS_STORAGE_BUCKET_NAME": "media", **KEYS},
    )
    assert ok.stdout.strip().splitlines()[-1] == "S3Storage media private", ok.stderr
