"""Learning-content permissions per role (gathered by ``accounts.roles.sync_groups``).

Page, image and document rights are per page/collection and granted by ``workspace.permissions``.
"""

from accounts import roles

ROLE_PERMISSIONS = {
    roles.MANAGER: [
        "cms.view_lessoncompletion",
        "cms.view_quizattempt",
        "simple_translation.submit_translation",
    ],
}
