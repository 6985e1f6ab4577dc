"""The installable app: manifest, the versioned service worker, the offline page, "Hemat data",
save-for-offline, and the shell's weight budgets."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from wagtail_factories import ImageFactory

from core import pwa
from tests.factories import cms as factories

ROOT = Path(settings.BASE_DIR)
SW = ROOT / "notifications" / "serviceworker" / "sw.js"


def test_the_manifest_is_served_with_its_type_and_makes_the_app_installable(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert data["name"] == "Tumbuh" and data["short_name"] == "Tumbuh"
    assert data["lang"] == "id" and "usaha" in data["description"]
    assert data["display"] == "standalone" and data["scope"] == "/"
    assert data["start_url"] == "/accounts/home/?source=pwa"  # the role redirect: each role lands home
    assert data["theme_color"] == "#1f6f43"
    icons = {(icon["sizes"], icon["purpose"]): icon["src"] for icon in data["icons"]}
    assert set(icons) == {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")}
    for src in icons.values():
        assert (ROOT / "static" / src.removeprefix("/static/")).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.django_db
def test_every_page_links_the_manifest_and_the_offline_script(client):
    html = client.get("/offline/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert "/static/js/offline.js" in html


def test_favicon_ico_leads_to_the_app_icon(client):
    # E21: /favicon.ico was a 404; pages also name the icon in <link rel="icon">.
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("/static/img/icon-192.png")
    assert '<link rel="icon" href="/static/img/tumbuh.svg"' in client.get("/offline/").content.decode()


@pytest.mark.django_db
def test_the_start_url_lands_a_signed_in_person_on_their_home(client_for, entrepreneur_user):
    response = client_for(entrepreneur_user).get("/accounts/home/?source=pwa")
    assert response.status_code == 302 and response["Location"] == "/portal/"


def test_the_service_worker_carries_the_shell_version_and_precache_list(client):
    body = client.get("/sw.js").content.decode()
    head = re.match(r"self\.TUMBUH_SHELL = (\{.*\});\n", body)
    assert head, body[:200]
    shell = json.loads(head.group(1))
    assert shell["version"] == pwa.shell_version() and re.fullmatch(r"[0-9a-f]{12}", shell["version"])
    assert "/static/css/tumbuh.css" in shell["urls"] and "/static/js/offline.js" in shell["urls"]
    assert "/offline/" in shell["urls"] and "/en/offline/" in shell["urls"]
    assert "'tumbuh-shell-' + SHELL.version" in body


def test_the_service_worker_bytes_change_when_a_precached_file_changes(client, tmp_path, settings):
    # A copy of the static folder with one byte more in the stylesheet, found first by the finders.
    changed = tmp_path / "static"
    (changed / "css").mkdir(parents=True)
    (changed / "css" / "tumbuh.css").write_bytes(
        (ROOT / "static" / "css" / "tumbuh.css").read_bytes() + b"\n"
    )
    before = client.get("/sw.js").content
    from django.contrib.staticfiles import finders

    settings.STATICFILES_DIRS = [changed, *settings.STATICFILES_DIRS]
    finders.get_finder.cache_clear()
    try:
        after = client.get("/sw.js").content
    finally:
        finders.get_finder.cache_clear()
    assert before != after
    assert before[:60] != after[:60]  # the version, at the top of the file


def test_the_service_worker_only_keeps_pages_marked_with_a_person_and_never_the_admin_or_sign_in():
    script = f"""
    global.self = {{ addEventListener() {{}}, location: {{ origin: 'https://tumbuh.example' }} }};
    const sw = require({json.dumps(str(SW))});
    const never = (p) => sw.NEVER_KEEP.test(p);
    console.log(JSON.stringify({{
      key: sw.offlineKeyIn('<body class="x" data-offline-key="0123456789abcdef0123">'),
      none: sw.offlineKeyIn('<body class="x">'),
      marked: sw.markOffline('<html><body class="x">hi</body>', '2026-12-05T03:00:00.000Z'),
      hostile: sw.markOffline('<body>', '"><script>'),
      never: ['/cms/', '/cms/pages/', '/django-admin/', '/accounts/login/', '/en/accounts/login/',
              '/account/privacy/', '/offline/', '/en/offline/', '/sw.js'].map(never),
      kept: ['/portal/', '/en/portal/', '/learn/kas/', '/chat/3/', '/cmsx/'].map(never),
    }}));
    """
    out = json.loads(
        subprocess.run(["/usr/bin/node", "-e", script], capture_output=True, text=True, check=True).stdout
    )
    assert out["key"] == "0123456789abcdef0123" and out["none"] == ""
    assert out["marked"] == '<html><body data-offline-at="2026-12-05T03:00:00.000Z" class="x">hi</body>'
    assert out["hostile"] == '<body data-offline-at="">'
    assert all(out["never"]) and not any(out["kept"])


def test_background_sync_asks_every_open_tab_to_send_and_fails_for_a_retry_when_none_is_open():
    """The worker's ``sync`` (tag tumbuh-outbox) under Node; the real one runs in test_dead_zone_journey."""
    script = f"""
    const listeners = {{}}, messages = [];
    let open = [];
    global.self = {{
      addEventListener(type, fn) {{ listeners[type] = fn; }},
      location: {{ origin: 'https://tumbuh.example' }},
      clients: {{ matchAll: async (options) => open.map((name) => ({{
        postMessage: (data) => messages.push([name, data.type, options.includeUncontrolled]) }})) }},
    }};
    require({json.dumps(str(SW))});
    const sync = async (tag) => {{
      let waited = null;
      listeners.sync({{ tag, waitUntil: (p) => {{ waited = p; }} }});
      if (!waited) return 'ignored';
      return waited.then(() => 'done', () => 'retry');
    }};
    (async () => {{
      const none = await sync('tumbuh-outbox');
      open = ['a', 'b'];
      const two = await sync('tumbuh-outbox');
      const other = await sync('something-else');
      console.log(JSON.stringify({{ none, two, other, messages }}));
    }})();
    """
    run = subprocess.run(["/usr/bin/node", "-e", script], capture_output=True, text=True, check=True)
    out = json.loads(run.stdout)
    assert (out["none"], out["two"], out["other"]) == ("retry", "done", "ignored")
    assert out["messages"] == [["a", "tumbuh.outbox.flush", True], ["b", "tumbuh.outbox.flush", True]]


@pytest.mark.django_db
def test_signed_in_pages_carry_a_per_person_key_that_is_not_the_id(
    client_for, entrepreneur_user, mentor_user
):
    first = client_for(entrepreneur_user).get("/notifications/").content.decode()
    key = re.search(r'data-offline-key="([0-9a-f]+)"', first).group(1)
    assert key == pwa.offline_key(entrepreneur_user) and len(key) == 20
    assert key != pwa.offline_key(mentor_user) and str(entrepreneur_user.pk) != key


@pytest.mark.django_db
def test_visitors_pages_carry_no_offline_key(client):
    assert "data-offline-key" not in client.get("/accounts/login/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "language", "heading"),
    [("/offline/", "id", "Tidak ada sinyal"), ("/en/offline/", "en", "No signal")],
)
def test_the_offline_page_renders_in_each_language_and_names_nobody(
    client_for, entrepreneur_user, path, language, heading
):
    response = client_for(entrepreneur_user).get(path)  # precached while signed in: must stay anonymous
    html = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "no-cache"
    assert f'<html lang="{language}">' in html and f"<h1>{heading}</h1>" in html
    assert "data-saved-pages" in html
    assert "data-offline-key" not in html and entrepreneur_user.full_name not in html
    assert "data-signout" not in html  # no person's menu


@pytest.mark.django_db
def test_the_offline_banner_is_translated_and_hidden_until_the_worker_marks_a_page(
    client_for, entrepreneur_user
):
    html = client_for(entrepreneur_user).get("/notifications/").content.decode()
    assert (
        '<p class="offline-banner" role="status" hidden data-offline-banner>Offline — terakhir diperbarui <time></time></p>'
        in html
    )


@pytest.mark.django_db
def test_hemat_data_shows_a_tap_to_load_button_instead_of_downloading_images(client_for, entrepreneur_user):
    image = ImageFactory(title="Kas")
    course = factories.course(cover=ImageFactory())
    body = [("image", {"image": image, "caption": "Buku kas harian", "alt_text": ""})]
    lesson = factories.lesson(course, quiz=False, body=body)
    client = client_for(entrepreneur_user)
    for url in (lesson.url, course.url, "/learn/"):
        assert re.search(r'<img src="[^"]+\.webp"', client.get(url).content.decode()), url
    response = client.post("/accounts/save-data/", {"save_data": "on"})
    assert response.status_code == 302
    entrepreneur_user.refresh_from_db()
    assert entrepreneur_user.save_data is True
    for url in (lesson.url, course.url, "/learn/"):
        html = client.get(url).content.decode()
        assert not re.search(r"<img [^>]*\.webp", html), url  # nothing the browser would download
        assert re.search(r'<button type="button" class="image-placeholder" data-src="[^"]+\.webp"', html), url
        assert "Gambar: ketuk untuk memuat" in html
    client.post("/accounts/save-data/", {})
    entrepreneur_user.refresh_from_db()
    assert entrepreneur_user.save_data is False


@pytest.mark.django_db
def test_the_save_data_page_needs_a_signed_in_person_and_is_translated(client, client_for, entrepreneur_user):
    response = client.get("/accounts/save-data/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.post("/accounts/save-data/", {"save_data": "on"})  # signed out: nothing changes
    html = client_for(entrepreneur_user).get("/accounts/save-data/").content.decode()
    assert "<h1>Hemat data</h1>" in html
    with translation.override("en"):
        html = client_for(entrepreneur_user).get("/en/accounts/save-data/").content.decode()
    assert "<h1>Save data</h1>" in html


@pytest.mark.django_db
def test_lesson_and_course_pages_offer_saving_for_offline_reading(client_for, entrepreneur_user):
    course = factories.course()
    first, second = factories.lesson(course, quiz=False), factories.lesson(course, quiz=False)
    client = client_for(entrepreneur_user)
    lesson_html = client.get(first.url).content.decode()
    assert f'data-urls="{first.url}"' in lesson_html
    assert "Simpan untuk dibaca offline" in lesson_html and "Hapus dari perangkat ini" in lesson_html
    course_html = client.get(course.url).content.decode()
    assert f'data-urls="{course.url} {first.url} {second.url}"' in course_html
    assert f'data-offline-mark="{first.url}"' in course_html
    assert f'data-offline-mark="{course.url}"' in client.get("/learn/").content.decode()


def test_every_script_and_style_of_the_outbox_forms_and_saved_lessons_is_precached():
    """A form reloaded without signal (tests/e2e/test_dead_zone_journey.py) or a lesson saved for
    offline reading draws itself from the shell: what base.html, its footer, the lesson page and each
    outbox form's template load must be precached."""
    templates = [
        ROOT / "templates" / "base.html",
        ROOT / "templates" / "includes" / "footer.html",
        ROOT / "cms" / "templates" / "cms" / "lesson_page.html",
    ]
    templates += [
        p
        for p in ROOT.glob("*/templates/**/*.html")
        if ".venv" not in p.parts and "data-offline-outbox=" in p.read_text()
    ]
    assert len(templates) >= 9, templates  # the outbox's seven forms and more
    loaded = {
        path
        for template in templates
        for path in re.findall(r"{% static '([^']+\.(?:js|css))' %}", template.read_text())
    }
    assert {
        "js/photo-preview.js",
        "incubator/incubator.css",
        "js/submit-on-change.js",
        "cms/checklist.js",
    } <= loaded
    assert loaded - set(pwa.SHELL_FILES) == set()


def test_the_precache_stays_within_300_kb():
    assert sum(pwa.shell_sizes().values()) <= pwa.PRECACHE_BUDGET_BYTES


def test_all_first_party_javascript_is_under_25_kb_gzipped():
    scripts = [
        p for p in ROOT.glob("**/static/**/*.js") if ".venv" not in p.parts and "staticfiles" not in p.parts
    ]
    scripts.append(SW)
    total = sum(len(gzip.compress(p.read_bytes(), 9)) for p in scripts)
    assert total < 25 * 1024, total


def test_the_worker_keeps_each_persons_pages_serves_them_offline_and_forgets_them(client, tmp_path):
    """The served /sw.js under Node with an in-memory Cache Storage and a scripted network
    (tests/core/sw_harness.js): install/activate, keeping, offline answers, another person, sign-out."""
    served = tmp_path / "sw.js"
    served.write_bytes(client.get("/sw.js").content)
    harness = ROOT / "tests" / "core" / "sw_harness.js"
    run = subprocess.run(
        ["/usr/bin/node", str(harness), str(served)], capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    shell = f"tumbuh-shell-{pwa.shell_version()}"
    assert out["afterActivate"] == [shell]  # the old version's cache is gone
    assert out["kept"] == ["/learn/kas/", "/portal/"]  # not the account page
    assert out["offlineKept"]["status"] == 200
    assert re.search(
        r'<body data-offline-at="\d{4}-\d\d-\d\dT[\d:.]+Z" class="x"', out["offlineKept"]["body"]
    )
    assert "Dashboard Ani" in out["offlineKept"]["body"]
    assert "Dashboard Ani" in out["offlineStart"]["body"]  # the installed app's start_url opens her home
    assert "offline-page" in out["offlineNever"]["body"] and "/offline/" in out["offlineNever"]["body"]
    assert "/en/offline/" in out["offlineNeverEn"]["body"]
    assert out["offlineAfterAdmin"] is True
    assert out["afterOtherPerson"] == ["tumbuh-meta", "tumbuh-pages-bbbbbbbbbbbbbbbbbbbb", shell]
    assert "Dashboard" not in out["offlineSignedOut"]["body"]  # signed out: nobody's pages
    assert out["afterSignout"] == [shell]


@pytest.mark.django_db
@pytest.mark.parametrize("save_data", [False, True])
def test_hemat_data_keeps_private_photos_behind_their_links(rf, entrepreneur_user, save_data):
    """Thumbnails inside links become the link's text; a photo outside a link becomes a tap-to-load button."""
    from types import SimpleNamespace

    from django.template.loader import render_to_string

    entrepreneur_user.save_data = save_data
    request = rf.get("/")
    request.user = entrepreneur_user
    photos = render_to_string(
        "incubator/includes/photos.html", {"photos": [SimpleNamespace(pk=7)], "request": request}
    )
    business = render_to_string(
        "includes/light_image.html",
        {"src": "/files/business/3/", "alt": "Foto usaha", "width": 240, "request": request},
    )
    from django.urls import reverse

    full_photo = reverse("incubator:private_file", args=["evidence", 7])
    assert f'<a href="{full_photo}">' in photos  # the full photo opens on a tap
    if save_data:
        assert "<img" not in photos and "<img" not in business
        assert '<button type="button" class="image-placeholder" data-src="/files/business/3/"' in business
    else:
        assert "<img" in photos
        assert business == '<img src="/files/business/3/" width="240" alt="Foto usaha" loading="lazy">'
