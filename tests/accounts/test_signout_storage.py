"""Shared phones: signing out forgets the chat outbox and other Tumbuh storage in the browser."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SIGNOUT_JS = ROOT / "mentoring" / "static" / "mentoring" / "signout.js"
CHAT_JS = ROOT / "mentoring" / "static" / "mentoring" / "chat.js"


@pytest.mark.django_db
def test_the_sign_out_page_marks_its_form_and_loads_the_clearing_script(client_for, entrepreneur_user):
    html = client_for(entrepreneur_user).get("/accounts/logout/").content.decode()
    assert 'action="/accounts/logout/"' in html
    assert "data-signout" in html
    assert "/static/mentoring/signout.js" in html
    assert "<script>" not in html  # a static file, no inline script (CSP)


@pytest.mark.django_db
def test_the_header_sign_out_button_is_marked_on_every_page(client_for, entrepreneur_user):
    html = client_for(entrepreneur_user).get("/chat/").content.decode()
    form_start = html.index('action="/accounts/logout/"')
    assert "data-signout" in html[form_start : html.index(">", form_start)]
    assert "/static/mentoring/signout.js" in html


def test_chat_js_keys_the_outbox_by_person_and_conversation():
    source = CHAT_JS.read_text()
    assert "var me = Number(root.dataset.me);" in source
    assert 'var outboxKey = "tumbuh.outbox." + me + "." + root.dataset.conversation;' in source
    assert source.index("var me =") < source.index("var outboxKey =")


NODE_HARNESS = """
const fs = require("fs");
const store = new Map(Object.entries(JSON.parse(process.argv[2])));
global.localStorage = {
  get length() { return store.size; },
  key(i) { return Array.from(store.keys())[i] ?? null; },
  removeItem(k) { store.delete(k); },
};
const listeners = [];
global.window = global;
const drafts = Number(process.argv[3] || 0), answer = process.argv[4] === "yes";
const asked = [];
if (drafts) global.TumbuhOutbox = { count: () => Promise.resolve(drafts) };
global.confirm = (text) => { asked.push(text); return answer; };
global.document = { addEventListener(type, fn) { listeners.push([type, fn]); } };
eval(fs.readFileSync(process.argv[1], "utf8"));
let submitted = 0;
const form = { getAttribute: (n) => (n === "data-drafts-waiting" ? "Draf: {count}. Keluar?" : null),
               setAttribute() {}, submit() { submitted += 1; } };
const submit = (signout) => listeners.filter(([t]) => t === "submit").forEach(([, fn]) =>
  fn({ preventDefault() {}, target: { closest: (sel) => (sel === "form[data-signout]" && signout ? form : null) } }));
submit(false);
const afterOtherForm = Array.from(store.keys()).sort();
submit(true);
setTimeout(() => console.log(JSON.stringify({ afterOtherForm, afterSignout: Array.from(store.keys()).sort(), submitted, asked })), 50);
"""


def test_signing_out_removes_every_tumbuh_key_and_nothing_else():
    stored = {
        "tumbuh.outbox.17.5": "[]",
        "tumbuh.outbox.5": "[]",
        "tumbuh-check-lesson-3": "1",
        "other-site": "x",
        "tumbuhan": "y",
    }
    result = subprocess.run(
        ["node", "-e", NODE_HARNESS, str(SIGNOUT_JS), json.dumps(stored)],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    outcome = json.loads(result.stdout)
    assert outcome["afterOtherForm"] == sorted(stored)  # another form clears nothing
    assert outcome["afterSignout"] == ["other-site", "tumbuhan"]
    assert outcome["submitted"] == 1  # then the sign-out form goes, once


@pytest.mark.parametrize(("answer", "submitted"), [("no", 0), ("yes", 1)])
def test_drafts_waiting_in_the_outbox_are_asked_about_before_anything_is_cleared(answer, submitted):
    stored = {"tumbuh.outbox.5": "[]", "other-site": "x"}
    result = subprocess.run(
        ["node", "-e", NODE_HARNESS, str(SIGNOUT_JS), json.dumps(stored), "3", answer],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    outcome = json.loads(result.stdout)
    assert outcome["asked"] == ["Draf: 3. Keluar?"]
    assert outcome["submitted"] == submitted
    assert outcome["afterSignout"] == (sorted(stored) if answer == "no" else ["other-site"])
