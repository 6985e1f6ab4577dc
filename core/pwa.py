"""The installable app's shell: which static files the service worker precaches, and their version.

The version is a hash of those files' bytes, computed when ``/sw.js`` is served, so a release that
changes any of them changes the service worker's bytes: browsers install the new worker, which
precaches the new shell and deletes every older versioned cache (no stale mix of old and new).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.templatetags.static import static
from django.utils.crypto import salted_hmac

# What every page needs to draw itself without the network (base.html's CSS and scripts, the icons),
# what the outbox's forms and a lesson saved for offline reading load (tests/core/test_pwa.py checks
# those templates).
SHELL_FILES: tuple[str, ...] = (
    "css/tumbuh.css",
    "cms/learning.css",
    "js/menu.js",
    "js/times.js",
    "js/confirm.js",
    "js/offline.js",
    "js/outbox.js",
    "js/submit-on-change.js",
    "js/photo-preview.js",
    "incubator/incubator.css",
    "cms/video.js",
    "cms/checklist.js",
    "mentoring/notifications.js",
    "mentoring/signout.js",
    "img/tumbuh.svg",
    "img/icon-192.png",
    "img/icon-512.png",
    "img/icon-maskable-512.png",
)
PRECACHE_BUDGET_BYTES = 300 * 1024


def _read(path: str) -> bytes:
    found = finders.find(path)
    if found:
        with open(found, "rb") as handle:
            return handle.read()
    with staticfiles_storage.open(path) as handle:  # collected only (no app directory on this host)
        return handle.read()


def shell_sizes() -> dict[str, int]:
    """Bytes of each precached static file (the weight table in ``make bench`` and the budget test)."""
    return {path: len(_read(path)) for path in SHELL_FILES}


def shell_version() -> str:
    """12 hex digits that change whenever a precached file changes."""
    digest = hashlib.sha256()
    for path in SHELL_FILES:
        digest.update(path.encode())
        digest.update(hashlib.sha256(_read(path)).digest())
    return digest.hexdigest()[:12]


def shell_urls() -> list[str]:
    """The URLs the worker precaches (hashed names in production), plus the offline page per language."""
    offline = ["/offline/"] + [
        f"/{code}/offline/" for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE
    ]
    return [static(path) for path in SHELL_FILES] + offline


def offline_key(user) -> str:
    """The name of a person's own offline caches: derived from the secret key, not guessable from an id."""
    return salted_hmac("tumbuh.offline-cache", str(user.pk)).hexdigest()[:20]
