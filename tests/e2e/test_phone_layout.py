"""No action off-screen on a 360×800 phone, for every page each role can reach.

The demo program is seeded, every page each role reaches is found by following links
(``tests/crawl.py``, the same walk as the words check), then each page is opened in Chromium at
360×800. A page fails when the document scrolls sideways, or when a visible link, button or form
control lies outside the viewport horizontally. A table that must stay wide on a phone keeps its
scroll cue; the tables that matter on a phone (the mentor's list, a mentee's milestones and figures,
the entrepreneur's figures) become one card per row, so their actions are inside the screen too.

On the same visit, for a beginner entrepreneur and a companion (findings E16 and E17): a page also
fails when a visible ``.card``'s content touches its border (less than 12 px inside), or when a
visible radio or checkbox is smaller than 20 px, differs in size from the others on the page (a
wrapping label used to shrink it to 13×24 px), or sits in a tap row lower than 44 px. One seeded demo,
one crawl and one visit per page serve both checks (they were two tests, each seeding and crawling).
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
# The roles whose pages also get the cards and tap-targets check, and the pages the walkthrough measured.
CARD_ROLES = ("pemula@tumbuh.test", "mentor@tumbuh.test")
MUST_SEE = ["/portal/milestones/", "/learn/"]
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


CHECK = """() => {
  const found = [];
  const shown = (el) => {
    const box = el.getBoundingClientRect();
    return box.width > 1 && box.height > 1 && getComputedStyle(el).visibility !== 'hidden';
  };
  const name = (el) => (el.innerText || el.getAttribute('aria-label') || el.name || el.className || el.tagName)
    .trim().replace(/\\s+/g, ' ').slice(0, 40);
  let cards = 0, inputs = 0;
  for (const card of document.querySelectorAll('.card')) {
    if (!shown(card)) continue;
    cards++;
    const box = card.getBoundingClientRect();
    for (const child of card.children) {
      if (!shown(child) || getComputedStyle(child).position === 'absolute') continue;
      const c = child.getBoundingClientRect();
      const inset = Math.min(c.left - box.left, box.right - c.right, c.top - box.top);
      if (inset < 12) found.push(`card "${name(card)}": "${name(child)}" is ${Math.round(inset)}px from the border`);
    }
  }
  const sizes = new Set();
  for (const input of document.querySelectorAll('input[type=radio], input[type=checkbox]')) {
    if (!shown(input)) continue;
    inputs++;
    const b = input.getBoundingClientRect();
    sizes.add(`${Math.round(b.width)}×${Math.round(b.height)}`);
    if (b.width < 20 || b.height < 20) found.push(`${input.type} "${input.name}" is ${Math.round(b.width)}×${Math.round(b.height)}px`);
    const row = input.closest('label') || input.parentElement;
    const r = row.getBoundingClientRect();
    if (r.height < 43.5) found.push(`${input.type} "${input.name}": its tap row is ${Math.round(r.height)}px high`);
  }
  if (sizes.size > 1) found.push(`radios and checkboxes of different sizes: ${[...sizes].join(', ')}`);
  return {found, cards, inputs};
}"""


def pages_of(client, role: str) -> list[str]:
    pages = [
        path
        for path, response in crawl(
            client, START[role] + ACCOUNT_PAGES + (MUST_SEE if role == "entrepreneur" else [])
        )
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


def test_no_action_lies_off_screen_on_a_360_pixel_phone_cards_are_padded_and_targets_steady(e2e_server):
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
    assert set(MUST_SEE) <= set(plan["pemula@tumbuh.test"][1])

    problems: list[str] = []
    card_problems: list[str] = []
    cards = inputs = 0
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
                if email in CARD_ROLES:
                    result = page.evaluate(CHECK)
                    cards += result["cards"]
                    inputs += result["inputs"]
                    card_problems += [f"{email} {path}: {p}" for p in result["found"]]
            page.context.close()
    assert not problems, "\n".join(problems)
    assert cards >= 10 and inputs >= 5, (cards, inputs)  # the check saw real cards and inputs
    assert not card_problems, "\n".join(card_problems)
