"""``manage.py remind_content_reviewers``: e-mail content reviewers the lessons due for a fact review.

Safe to run daily: each lesson is in at most one reminder per month. The task schedule of the
notifications app calls the same function (``cms.reviews.remind_content_reviewers``).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from cms.reviews import remind_content_reviewers


class Command(BaseCommand):
    help = "E-mail content reviewers the lessons due for a fact review (once per lesson per month)."

    def handle(self, *args, **options) -> None:
        lessons = remind_content_reviewers()
        if lessons:
            titles = ", ".join(lesson.title for lesson in lessons)
            self.stdout.write(f"Reminded content reviewers of {len(lessons)} lessons: {titles}")
        else:
            self.stdout.write(
                "No new lessons due for review (or no content reviewer with an e-mail address)."
            )
