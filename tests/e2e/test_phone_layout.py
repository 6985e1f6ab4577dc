"""No action off-screen on a 360×800 phone, for every page each role can reach.

The demo program is seeded, every page each role reaches is found by following links
(``tests/crawl.py``, the same walk as the words check), then each page is opened in Chromium at
360×800. A page fails when the document scrolls sideways, or when a visible link, button or form
control lies outside the viewport horizontally. A table that must stay wide on a phone keeps its
scroll cue; the tables that matter on a phone (the mentor's list, a mentee's milestones and figures,
the entrepreneur's figures) become one card per row, so their actions are inside the screen too.
"""

from __future__ import annotations

import io

import pytest

from tests.crawl import ACCOUNT_PAGES, START, crawl
from tests.e2e.conftest import PHONE, journey, session_cookie

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ROLES = {
    "pemula@tumbuh.test": "entrepreneur",
    "berkembang@tumbuh.test": "entrepreneur",
    "mentor@tumbuh.test": "mentor",
    "tksk@tumbuh.test": "mentor",
    "manager@tumbuh.test": "manager",
}
# The main admin screens a manager uses on a phone.
ADMIN_PAGES = [
    "/cms/",
    "/cms/workspace/promotions/",
    "/cms/workspace/entrepreneurs/",
    "/cms/workspace/report/",
    "/cms/complaints/",
]
PUBLIC_PAGES = [
    "/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/login/code/",
    "/accounts/signup/phone/",
]

OFF_SCREEN = """() => {
  const width = document.documentElement.clientWidth;
  const found = [];
  const scroll = document.documentElement.scrollWidth;
  if (scroll > width + 1) found.push(`the page scrolls sideways (${scroll}px wide in ${width}px)`);
  const controls = document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary');
  for (const el of controls) {
    const box = el.getBoundingClientRect();
    if (box.width <= 1 && box.height <= 1) continue;  // not rendered, or visually hidden
    if (getComputedStyle(el).visibility === 'hidden') continue;
    if (el.closest('.skip-link')) continue;  // appears on focus, at the left edge
    if (box.left < -1 || box.right > width + 1) {
      const name = (el.innerText || el.value || el.getAttribute('aria-label') || el.name || el.tagName)
        .trim().replace(/\\s+/g, ' ').slice(0, 40);
      found.push(`${el.tagName.toLowerCase()} "${name}" at x ${Math.round(box.left)}–${Math.round(box.right)}`);
    }
  }
  return found;
}"""


def pages_of(client, role: str) -> list[str]:
    pages = [
        path
        for path, response in crawl(client, START[role] + ACCOUNT_PAGES)
        if response.status_code == 200 and "text/html" in response.get("Content-Type", "")
    ]
    # Screens no link reaches: the mentor list filtered; a family's exit and return screens.
    from incubator.models import ProgramExit

    if role == "mentor":
        pages.append("/mentor/?q=a&tier=beginner&attention=on&umk=below")
    if role == "manager":
        out = ProgramExit.objects.filter(re_entered_on__isnull=True).values_list("profile_id", flat=True)[0]
        staying = ProgramExit.objects.exclude(profile_id=out).values_list("profile_id", flat=True)[0]
        pages += [
            f"/cms/workspace/participants/{staying}/exit/",
            f"/cms/workspace/participants/{out}/return/",
        ]
    return pages + (ADMIN_PAGES if role == "manager" else [])


def test_no_action_lies_off_screen_on_a_360_pixel_phone(e2e_server):
    from django.core.management import call_command
    from django.test import Client

    from accounts.models import User

    call_command("seed_demo", force=True, stdout=io.StringIO())
    plan = {}
    for email, role in ROLES.items():
        user = User.objects.get(email=email)
        client = Client()
        client.force_login(user)
        plan[email] = (session_cookie(user, e2e_server["url"]), pages_of(client, role))
    assert all(len(pages) >= 8 for _, pages in plan.values()), plan

    problems: list[str] = []
    with journey(e2e_server, "phone-layout") as j:
        page = j.page(viewport=PHONE)
        for path in PUBLIC_PAGES:
            page.goto(path)
            problems += [f"(visitor) {path}: {p}" for p in page.evaluate(OFF_SCREEN)]
        page.context.close()
        for email, (cookie, paths) in plan.items():
            page = j.page(viewport=PHONE, cookies=[cookie])
            for path in paths:
                page.goto(path)
                problems += [f"{email} {path}: {p}" for p in page.evaluate(OFF_SCREEN)]
            page.context.close()
    assert not problems, "\n".join(problems)
