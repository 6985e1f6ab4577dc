"""``manage.py load_curriculum``: the home page and the starter curriculum from cms/curriculum/.

Most tests load a copy with one course (two lessons, both languages) to stay quick; one loads the
real files.
"""

from __future__ import annotations

import datetime
import io
import shutil

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Locale, Page, PageLogEntry, Revision

from cms.curriculum import CURRICULUM_DIR
from cms.models import CoursePage, HomePage, LearningIndexPage, LessonPage

pytestmark = pytest.mark.django_db

COURSE = "01-pembukuan-sederhana.yaml"


@pytest.fixture
def curriculum_dir(tmp_path):
    target = tmp_path / "curriculum"
    (target / "courses").mkdir(parents=True)
    for name in ("home.yaml", "index.yaml"):
        shutil.copy(CURRICULUM_DIR / name, target / name)
    shutil.copy(CURRICULUM_DIR / "courses" / COURSE, target / "courses" / COURSE)
    return target


def _load(directory=CURRICULUM_DIR, **options) -> str:
    out = io.StringIO()
    call_command("load_curriculum", directory=directory, stdout=out, **options)
    return out.getvalue().strip()


def _edit(path, change) -> None:
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(content)
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _state() -> tuple[int, int, int]:
    return Page.objects.count(), Revision.objects.count(), PageLogEntry.objects.count()


def _en(page: Page) -> Page:
    return page.get_translation(Locale.objects.get(language_code="en")).specific


def test_the_real_files_load_with_debug_off_and_a_second_run_changes_nothing(settings):
    settings.DEBUG = False
    first = _load()
    state = _state()

    second = _load()

    assert first.startswith("Curriculum loaded: pages 83 created, 1 updated, 0 unchanged")
    assert second == (
        "Curriculum loaded: pages 0 created, 0 updated, 84 unchanged, 0 kept as edited in the CMS; "
        "13 courses, 27 lessons, 27 of them in English."
    )
    assert _state() == state
    index = LearningIndexPage.objects.get(locale__language_code="id")
    assert CoursePage.objects.live().child_of(index).count() == 13
    assert LessonPage.objects.live().filter(locale__language_code="en").count() == 27
    assert all(page.live for page in Page.objects.filter(depth__gte=2))
    # Issue 21's new lessons are published in both languages.
    from tests.cms.test_curriculum_facts import NEW_LESSONS

    for slug in NEW_LESSONS.values():
        lesson = LessonPage.objects.live().get(slug=slug, locale__language_code="id")
        assert _en(lesson).live and _en(lesson).title != lesson.title, slug


def test_an_edited_lesson_is_updated_in_place_in_both_languages(curriculum_dir):
    _load(curriculum_dir)
    lesson = LessonPage.objects.get(slug="buku-kas-harian", locale__language_code="id")
    english = _en(lesson)
    pages = Page.objects.count()

    def change(course):
        edited = course["lessons"][1]
        edited["title"] = {"id": "Buku kas harian", "en": "The daily cash book"}
        edited["body"]["id"][0]["text"] += "<p>Paragraf baru.</p>"
        quiz = next(block["quiz"] for block in edited["body"]["en"] if "quiz" in block)
        quiz["questions"][0]["explanation"] = "200,000 − 80,000 + 150,000 = Rp 270,000."

    _edit(curriculum_dir / "courses" / COURSE, change)
    summary = _load(curriculum_dir)

    assert "2 updated" in summary and "0 created" in summary
    assert Page.objects.count() == pages
    lesson = LessonPage.objects.get(pk=lesson.pk)
    english = LessonPage.objects.get(pk=english.pk)
    assert lesson.live and not lesson.has_unpublished_changes
    assert lesson.title == "Buku kas harian" and english.title == "The daily cash book"
    assert str(lesson.body[0].value).endswith("<p>Paragraf baru.</p>")
    assert english.quiz["questions"][0]["explanation"] == "200,000 − 80,000 + 150,000 = Rp 270,000."


def test_a_page_edited_in_the_cms_is_kept_unless_overwrite(curriculum_dir, manager_user):
    _load(curriculum_dir)
    course = CoursePage.objects.get(slug="pembukuan-sederhana", locale__language_code="id")
    course.summary = "Ringkasan dari editor."
    course.save_revision(user=manager_user).publish()

    def change(content):
        content["summary"]["id"] = "Ringkasan baru dari berkas."

    _edit(curriculum_dir / "courses" / COURSE, change)

    assert "1 kept as edited in the CMS" in _load(curriculum_dir)
    assert CoursePage.objects.get(pk=course.pk).summary == "Ringkasan dari editor."

    assert "1 updated" in _load(curriculum_dir, overwrite=True)
    assert CoursePage.objects.get(pk=course.pk).summary == "Ringkasan baru dari berkas."


def test_pages_made_by_editors_are_never_touched(curriculum_dir, manager_user):
    _load(curriculum_dir)
    course = CoursePage.objects.get(slug="pembukuan-sederhana", locale__language_code="id")
    own = LessonPage(title="Pelajaran editor", slug="pelajaran-editor", body=[("text", "<p>Isi editor.</p>")])
    course.add_child(instance=own)
    own.save_revision(user=manager_user).publish()
    state = _state()

    _load(curriculum_dir)

    assert _state() == state
    assert LessonPage.objects.get(pk=own.pk).title == "Pelajaran editor"


def test_the_english_side_is_wagtail_translations_of_the_indonesian_pages(curriculum_dir):
    _load(curriculum_dir)
    home = HomePage.objects.get(locale__language_code="id")
    assert home.title == "Tumbuh — Program Kewirausahaan Sosial"
    assert _en(home).title == "Tumbuh — Social Entrepreneurship Program"
    course = CoursePage.objects.get(slug="pembukuan-sederhana", locale__language_code="id")
    course_en = _en(course)
    assert course_en.translation_key == course.translation_key and course_en.live
    assert (course_en.title, course_en.cover_id) == ("Simple bookkeeping", course.cover_id)


def test_sources_and_reviewed_are_accepted(curriculum_dir):
    def change(content):
        content["lessons"][0]["sources"] = [
            {
                "title": "Panduan pembukuan UMKM",
                "publisher": "Kementerian Koperasi dan UKM",
                "url": "https://kemenkopukm.go.id/",
                "date": datetime.date(2025, 6, 1),
            }
        ]
        content["lessons"][0]["reviewed"] = {"date": datetime.date(2026, 11, 1), "reviewer": "Tim kurikulum"}

    _edit(curriculum_dir / "courses" / COURSE, change)

    assert "0 kept" in _load(curriculum_dir)
    assert LessonPage.objects.filter(slug="pisahkan-uang-usaha").count() == 2


def _second_course(content):
    """Make the copy a second course file with the same content (for duplicate checks)."""
    content["slug"] = "pembukuan-lanjutan"
    for lesson in content["lessons"]:
        lesson["slug"] += "-lanjutan"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda c: c.pop("tier"), f"{COURSE}: tier: missing"),
        (lambda c: c.update(tier="expert"), f"{COURSE}: tier: unknown tier 'expert'"),
        (lambda c: c.update(minutes="30"), f"{COURSE}: minutes: must be a whole number"),
        (
            lambda c: c["lessons"][1].update(slug="pisahkan-uang-usaha"),
            f"{COURSE}: lessons[1].slug: duplicate lesson slug 'pisahkan-uang-usaha'",
        ),
        (
            lambda c: c["lessons"][0]["body"]["id"].append({"video": "https://example.com"}),
            f"{COURSE}: lessons[0].body.id[5].video: unknown block",
        ),
        (
            lambda c: c["lessons"][0]["body"]["id"][4]["quiz"]["questions"][0].update(correct=3),
            f"{COURSE}: lessons[0].body.id[4].quiz.questions[0].correct: must be the index of an answer (0 to 2)",
        ),
        (
            lambda c: c["lessons"][0]["body"]["en"][4]["quiz"]["questions"][0].update(correct=1),
            f"{COURSE}: lessons[0].body.en: the quiz must keep the Indonesian questions' order",
        ),
        (
            lambda c: c["lessons"][0]["summary"].pop("en"),
            f"{COURSE}: lessons[0].summary.en: missing (the title has this language)",
        ),
        (
            lambda c: c["lessons"][0].update(
                sources=[{"title": "Panduan", "publisher": "OSS", "url": "oss.go.id"}]
            ),
            f"{COURSE}: lessons[0].sources[0].url: 'oss.go.id' is not an http(s) address",
        ),
        (
            lambda c: c["lessons"][0].update(reviewed={"date": "kemarin", "reviewer": "Tim"}),
            f"{COURSE}: lessons[0].reviewed.date: must be a date (YYYY-MM-DD)",
        ),
        (
            lambda c: c["lessons"][0]["body"]["id"][3]["checklist"].update(items=[]),
            f"{COURSE}: lessons[0].body.id[3].checklist.items: must not be empty",
        ),
    ],
)
def test_a_bad_course_file_stops_with_one_line_and_changes_nothing(curriculum_dir, change, expected):
    _edit(curriculum_dir / "courses" / COURSE, change)
    state = _state()

    with pytest.raises(CommandError) as error:
        _load(curriculum_dir)

    message = str(error.value)
    assert expected in message and "\n" not in message
    assert message.startswith(str(curriculum_dir / "courses"))
    assert _state() == state


def test_a_duplicate_course_slug_across_files_is_refused(curriculum_dir):
    shutil.copy(curriculum_dir / "courses" / COURSE, curriculum_dir / "courses" / "02-copy.yaml")
    _edit(
        curriculum_dir / "courses" / "02-copy.yaml",
        lambda c: [lesson.update(slug=f"{lesson['slug']}-2") for lesson in c["lessons"]],
    )
    state = _state()

    with pytest.raises(
        CommandError, match=r"02-copy\.yaml: slug: duplicate course slug 'pembukuan-sederhana'"
    ):
        _load(curriculum_dir)

    assert _state() == state


def test_text_the_lesson_editor_would_refuse_is_refused(curriculum_dir):
    def change(content):
        content["lessons"][0]["body"]["id"][3]["checklist"]["items"][0] = "x" * 300

    _edit(curriculum_dir / "courses" / COURSE, change)

    with pytest.raises(CommandError, match=r"lessons\[0\]\.body\.id: refused by the lesson editor"):
        _load(curriculum_dir)


def test_a_course_for_pillars_is_loaded_with_its_audience_and_a_wrong_audience_is_refused(curriculum_dir):
    path = curriculum_dir / "courses" / COURSE
    _edit(path, lambda c: c.update(audience="pillars", pillar_kind="tksk"))
    _load(curriculum_dir)
    for course in CoursePage.objects.filter(slug="pembukuan-sederhana"):  # both languages
        assert (course.audience, course.pillar_kind) == ("pillars", "tksk")

    _edit(path, lambda c: c.update(audience="semua"))
    with pytest.raises(CommandError, match=r"audience: unknown audience 'semua'"):
        _load(curriculum_dir)
    _edit(path, lambda c: c.update(audience="entrepreneurs", pillar_kind="tksk"))
    with pytest.raises(CommandError, match=r"pillar_kind: 'tksk' needs an audience of pillars or both"):
        _load(curriculum_dir)
