"""Reading ``accounts/data/consent.yaml`` into ``ConsentText`` rows."""

from __future__ import annotations

import datetime
from pathlib import Path

import yaml
from django.db import transaction

from accounts.models import ConsentText


class ConsentDataError(Exception):
    pass


@transaction.atomic
def load_consent_texts(path: Path) -> int:
    """Create the versions not loaded yet; a published version is never rewritten. Returns how many."""
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except (OSError, yaml.YAMLError) as exc:
        raise ConsentDataError(f"{path}: {exc}") from None
    if not isinstance(entries, list):
        raise ConsentDataError(f"{path}: expected a list of versions")
    created = 0
    for number, entry in enumerate(entries, start=1):
        try:
            version = str(entry["version"]).strip()
            published = entry["published_at"]
            if isinstance(published, str):
                published = datetime.datetime.fromisoformat(published)
            if not isinstance(published, datetime.datetime) or published.tzinfo is None:
                raise ValueError("published_at needs a date, a time and a time zone")
            body = entry["body"]
            body_id, body_en = str(body["id"]).strip(), str(body.get("en", "")).strip()
        except (KeyError, TypeError, ValueError) as exc:
            raise ConsentDataError(f"{path}: entry {number}: {exc}") from None
        if not version or not body_id:
            raise ConsentDataError(f"{path}: entry {number}: a version and an Indonesian text are required")
        _, was_created = ConsentText.objects.get_or_create(
            version=version, defaults={"body_id": body_id, "body_en": body_en, "published_at": published}
        )
        created += was_created
    return created
