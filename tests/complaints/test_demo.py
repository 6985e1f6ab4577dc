import datetime
import io

from django.utils import timezone

from accounts import demo as account_demo
from complaints import demo
from complaints.models import Category, Complaint, Status
from incubator import demo as incubator_demo


def test_demo_complaints_walk_real_steps_and_a_second_run_adds_nothing(db):
    people = account_demo.seed()
    incubator_demo.seed(people=people, stdout=io.StringIO())
    out = io.StringIO()
    demo.seed(people=people, stdout=out)
    assert "3 demo complaints" in out.getvalue()
    stories = Complaint.objects.filter(raised_by__email__in=[email for email, *_rest in demo.STORIES])
    statuses = set(stories.values_list("status", flat=True))
    assert statuses == {Status.IN_PROGRESS, Status.CLOSED, Status.RESOLVED}
    # Handling took days, as in the field (not 0.0 hours): the resolved one took four days, within
    # its target; the history lines are dated in order.
    resolved = stories.get(status=Status.RESOLVED)
    took = resolved.resolved_at - resolved.created_at
    assert datetime.timedelta(days=3) < took < datetime.timedelta(days=5)
    assert resolved.resolved_at <= resolved.due_at
    for complaint in stories:
        dates = list(complaint.events.order_by("pk").values_list("created_at", flat=True))
        assert dates == sorted(dates) and dates[0] == complaint.created_at
        assert complaint.created_at < timezone.now() - datetime.timedelta(days=5)
    # The BSiMU deliveries the family said "no" to, or did not answer, raised their own (incubator demo).
    assert Complaint.objects.exclude(pk__in=stories).filter(category=Category.ASSISTANCE).count() == 2
    demo.seed(people=people, stdout=io.StringIO())
    assert stories.count() == 3 and Complaint.objects.count() == 5
