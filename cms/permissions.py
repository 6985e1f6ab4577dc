"""Learning-content permissions per role (gathered by ``accounts.roles.sync_groups``).

Page, image and document rights are per page/collection and granted by ``workspace.permissions``.
"""

from accounts import roles

# Approves lessons in the review workflow (cms.reviews) and sees the lessons due for review.
CONTENT_REVIEWER = "Content reviewer"

ROLE_PERMISSIONS = {
    roles.MANAGER: [
        "cms.view_lessoncompletion",
        "cms.view_quizattempt",
        "cms.review_lesson",
        "simple_translation.submit_translation",
    ],
    CONTENT_REVIEWER: ["wagtailadmin.access_admin", "cms.review_lesson"],
}
