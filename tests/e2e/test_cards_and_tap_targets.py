"""Cards keep their content off the border, and every radio and checkbox is a steady 44-px target
(findings E16 and E17), on a 360×800 phone.

The demo is seeded; every page a beginner entrepreneur and a companion reach by following links
(``tests/crawl.py``: milestones, courses and their quizzes, complaints, the time zone, the mentor's
forms) is opened in Chromium. A page fails when a visible ``.card``'s content touches its border (less
than 12 px inside), or when a visible radio or checkbox is smaller than 20 px, differs in size from the
others on the page (a wrapping label used to shrink it to 13×24 px), or sits in a tap row lower than
44 px.
"""

from __future__ import annotations

import io

import pytest

from tests.crawl import START, crawl
from tests.e2e.conftest import PHONE, journey, session_cookie

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ROLES = {"pemula@tumbuh.test": "entrepreneur", "mentor@tumbuh.test": "mentor"}
MUST_SEE = ["/portal/milestones/", "/learn/"]  # the pages the walkthrough measured

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


def test_cards_have_padding_and_radios_and_checkboxes_are_steady_44_pixel_targets(e2e_server):
    from django.core.management import call_command
    from django.test import Client

    from accounts.models import User

    call_command("seed_demo", force=True, stdout=io.StringIO())
    plan = {}
    for email, role in ROLES.items():
        user = User.objects.get(email=email)
        client = Client()
        client.force_login(user)
        paths = [
            path
            for path, response in crawl(client, START[role] + (MUST_SEE if role == "entrepreneur" else []))
            if response.status_code == 200 and "text/html" in response.get("Content-Type", "")
        ]
        plan[email] = (session_cookie(user, e2e_server["url"]), paths)
    assert set(MUST_SEE) <= set(plan["pemula@tumbuh.test"][1])

    problems: list[str] = []
    cards = inputs = 0
    with journey(e2e_server, "cards-and-tap-targets") as j:
        for email, (cookie, paths) in plan.items():
            page = j.page(viewport=PHONE, cookies=[cookie])
            for path in paths:
                page.goto(path)
                result = page.evaluate(CHECK)
                cards += result["cards"]
                inputs += result["inputs"]
                problems += [f"{email} {path}: {p}" for p in result["found"]]
            page.context.close()
    assert cards >= 10 and inputs >= 5, (cards, inputs)  # the check saw real cards and inputs
    assert not problems, "\n".join(problems)
