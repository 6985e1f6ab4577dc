"""What the incubator tells the apps above it, without importing them.

``assignment_changed`` is sent inside the assigning service's transaction, so a receiver's writes
commit or roll back with the assignment. Receivers (``mentoring`` opens and closes conversations)
connect in their ``AppConfig.ready()``.
"""

from __future__ import annotations

from django.dispatch import Signal

# kwargs: assignment (CompanionAssignment), ended (bool: the assignment has just ended),
# previous (the assignment it replaced, or None; only when ``ended`` is False).
assignment_changed = Signal()

# kwargs: assistance (Assistance), unanswered (bool: no answer in time rather than "no"). Sent inside the
# confirming service's transaction; ``complaints`` raises an "assistance not received" complaint.
assistance_not_received = Signal()
