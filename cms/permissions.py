"""Learning-content permissions per role (gathered by ``accounts.roles.sync_groups``).

Page, image and document rights are per page/collection and granted by ``workspace.permissions``.
"""

from wagtail.models import PagePermissionTester

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


def is_content_reviewer(user) -> bool:
    """Superusers and members of the Content reviewer group (cached on the user for the request)."""
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_tumbuh_is_content_reviewer", None)
    if cached is None:
        cached = user.groups.filter(name=CONTENT_REVIEWER).exists()
        user._tumbuh_is_content_reviewer = cached
    return cached


class LearningPagePermissionTester(PagePermissionTester):
    """Wagtail's page permission tester for the learning tree, where only content reviewers publish.

    Program managers and content editors hold ``publish_page`` at the root (``workspace.permissions``)
    and Wagtail page rights are inherited downwards with no way to withdraw one on a subtree. So the
    learning pages narrow the tester instead: without the Content reviewer group a user may add, edit
    and submit to the fact-review workflow (``cms.reviews``) but not publish, create-and-publish,
    schedule, or publish copies. Approving the workflow's last task publishes as the reviewer, who may.
    Unpublishing stays open to editors: taking a wrong lesson down must not wait for a review.
    """

    def can_publish(self) -> bool:
        return super().can_publish() and is_content_reviewer(self.user)

    def can_publish_subpage(self) -> bool:
        return super().can_publish_subpage() and is_content_reviewer(self.user)
