import io

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
    assert statuses == {Status.IN_PROGRESS, Status.CLOSED, Status.NEW}
    # The BSiMU deliveries the family said "no" to, or did not answer, raised their own (incubator demo).
    assert Complaint.objects.exclude(pk__in=stories).filter(category=Category.ASSISTANCE).count() == 2
    demo.seed(people=people, stdout=io.StringIO())
    assert stories.count() == 3 and Complaint.objects.count() == 5
