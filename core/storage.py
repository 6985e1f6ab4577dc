"""Private uploads: evidence, proofs and photos that are never under MEDIA_URL."""

from __future__ import annotations

import uuid

from django.core.files.storage import storages


def private_storage():
    """Evidence and proofs: never under MEDIA_URL; served only by permission-checked views."""
    return storages["private"]


def private_upload_to(instance, filename: str) -> str:
    # A random name: the original may carry a person's name or a place.
    folder = instance._meta.model_name
    return f"{folder}/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}.{filename.rsplit('.', 1)[-1].lower()}"
