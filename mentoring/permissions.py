"""What each role may do in the mentoring app (applied by accounts.roles.sync_groups)."""

from accounts import roles

ROLE_PERMISSIONS = {
    # Managers see metadata and the access log; reading contents needs view_message_content,
    # granted person by person (e.g. to a data-protection officer), never to the whole group.
    roles.MANAGER: [
        "mentoring.view_conversation",
        "mentoring.view_contentaccesslog",
        "mentoring.view_mentoringsession",
    ],
}
