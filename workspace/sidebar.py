"""The Wagtail admin's sidebar, cached per person (issue 17).

Wagtail builds the sidebar on every admin page: every menu item's ``is_shown`` (page, collection and
model permission checks, the explorer's root page, the search area), then telepath packs the menus
into a JSON script: a quarter of the admin home's time in process (bench/README.md). Its HTML is
the same from page to page for one person (the active item is chosen in the browser, from the URL),
so it is cached under the person's id and language, with a fingerprint of everything that decides it:

- what is read on every admin request anyway: the person's model permissions (their groups' included),
  group names, superuser flag, name and email (shown with the avatar), area (``scope_for``);
- the number of promotions waiting in their area (the "Promotions waiting (n)" label, one query, as
  before: the promotion services write it with ``update()``, no signal would see it);
- ``VERSION_KEY``: a token replaced (at once and after commit) whenever something the menu reads
  and the request does not changes: page and collection permissions, group memberships and
  permissions, Wagtail's user profile (avatar, dismissed items), locales, sites, pages moved or
  deleted (the explorer's root).

``SIDEBAR_CACHE_SECONDS`` bounds anything else. The key holds the person's id: nobody is ever served
another's sidebar, whatever the fingerprint.
"""

from __future__ import annotations

import hashlib
import uuid

from django.core.cache import cache
from django.db import transaction
from django.utils import translation

from accounts import roles
from incubator.scope import scope_for
from workspace import selectors

SIDEBAR_CACHE_SECONDS = 600
VERSION_KEY = "admin-sidebar:version"


def _new_version() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def bump_version(**kwargs) -> None:
    """Every cached sidebar is stale now and once the current transaction commits (a signal
    receiver): a sidebar rebuilt in between from what was not yet committed does not outlive it."""
    _new_version()
    transaction.on_commit(_new_version)


def promotions_waiting(request) -> int:
    """How many promotions wait in the reader's area (0 without the right to decide them): read once
    per request, for the sidebar's fingerprint and the menu's label alike."""
    if not hasattr(request, "_promotions_waiting"):
        user = request.user
        scope = scope_for(user)
        if scope.empty or not user.has_perm("incubator.change_promotionrequest"):
            request._promotions_waiting = 0
        else:
            request._promotions_waiting = selectors.pending_promotion_count(scope)
    return request._promotions_waiting


def _fingerprint(request, version: str) -> str:
    user = request.user
    scope = scope_for(user)
    area = "none" if scope.empty else "national" if scope.national else f"region {scope.region.pk}"
    parts = [
        version,
        str(user.is_superuser),
        user.get_full_name(),
        user.get_username(),
        user.email,
        area,
        ",".join(sorted(roles.roles_of(user))),
        ",".join(sorted(user.get_all_permissions())),
        str(promotions_waiting(request)),
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def cached_sidebar_props(context, build):
    """The sidebar's JSON script for ``context["request"]``: from the cache, or ``build(context)``."""
    user = context["request"].user
    key = f"admin-sidebar:{user.pk}:{translation.get_language()}"
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        if not cache.add(VERSION_KEY, version, None):
            version = cache.get(VERSION_KEY, version)
    fingerprint = _fingerprint(context["request"], version)
    stored = found.get(key)
    if stored is not None and stored[0] == fingerprint:
        return stored[1]
    html = build(context)
    cache.set(key, (fingerprint, html), SIDEBAR_CACHE_SECONDS)
    return html
