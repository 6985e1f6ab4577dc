"""Role permissions of the privacy app (gathered by ``accounts.roles.sync_groups``)."""

from accounts.roles import MANAGER

ROLE_PERMISSIONS = {
    MANAGER: ["privacy.view_deletionrequest", "privacy.change_deletionrequest"],
}
