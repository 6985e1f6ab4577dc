import io

from accounts import demo as account_demo
from complaints import demo
from complaints.models import Complaint, Status
from incubator import demo as incubator_demo


def test_demo_complaints_walk_real_steps_and_a_second_run_adds_nothing(db):
    people = account_demo.seed()
    incubator_demo.seed(people=people, stdout=io.StringIO())
    out = io.StringIO()
    demo.seed(people=people, stdout=out)
    assert "3 demo complaints" in out.getvalue()
    statuses = set(Complaint.objects.values_list("status", flat=True))
    assert statuses == {Status.IN_PROGRESS, Status.CLOSED, Status.NEW}
    demo.seed(people=people, stdout=io.StringIO())
    assert Complaint.objects.count() == 3
