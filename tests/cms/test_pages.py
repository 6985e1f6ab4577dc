from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.search.backends import get_search_backend
from wagtail_factories import DocumentFactory, ImageFactory

from cms.models import CoursePage, LearningIndexPage, LessonPage
from cms.services import complete_lesson
from incubator.models import Tier
from tests.factories import EntrepreneurUserFactory
from tests.factories import cms as factories

pytestmark = pytest.mark.django_db


def every_block(image, document) -> list:
    return [
        ("text", "<p>Catat <b>setiap</b> uang masuk.</p>"),
        ("image", {"image": image, "caption": "Buku kas harian", "alt_text": ""}),
        ("video", {"title": "Cara mencatat kas", "url": "https://youtu.be/dQw4w9WgXcQ", "duration": "3:10"}),
        ("document", {"document": document, "label": "Unduh lembar kas"}),
        ("callout", {"kind": "warning", "text": "<p>Jangan campur uang dapur.</p>"}),
        ("checklist", {"title": "Langkah hari ini", "items": ["Beli buku tulis", "Catat penjualan"]}),
    ]


def test_learning_pages_need_a_signed_in_reader(client):
    lesson = factories.lesson(factories.course())
    for url in ("/learn/", lesson.get_parent().url, lesson.url):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_every_lesson_block_renders(client_for, entrepreneur_user):
    image, document = ImageFactory(title="Kas"), DocumentFactory(title="Lembar kas")
    lesson = factories.lesson(factories.course(), body=every_block(image, document))
    html = client_for(entrepreneur_user).get(lesson.url).content.decode()
    assert "<b>setiap</b>" in html
    assert "<figcaption>Buku kas harian</figcaption>" in html
    assert ".webp" in html and 'loading="lazy"' in html and 'width="' in html and 'height="' in html
    assert 'data-embed-src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ' in html
    assert document.url in html and "Unduh lembar kas" in html
    assert 'class="callout warning"' in html and "Jangan campur uang dapur." in html
    assert "> Catat penjualan</label>" in html and "cms/checklist.js" in html
    assert 'name="q1" value="1"' in html  # the quiz form, second question's second answer
    assert "Penjelasan 1." not in html  # explanations only after an attempt


def test_video_does_not_load_before_the_tap(client_for, entrepreneur_user):
    lesson = factories.lesson(
        factories.course(),
        quiz=False,
        body=[
            (
                "video",
                {"title": "Video", "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "duration": ""},
            )
        ],
    )
    html = client_for(entrepreneur_user).get(lesson.url).content.decode()
    assert "<iframe" not in html
    assert not re.search(r'\ssrc="https://[^"]*youtube', html) and "ytimg" not in html
    assert "cms/video.js" in html and "data-embed-src" in html


def test_video_block_accepts_only_youtube_links():
    from wagtail.blocks import StructBlockValidationError

    from cms.blocks import VideoBlock

    block = VideoBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"title": "x", "url": "https://example.com/video", "duration": ""}))
    assert block.clean(block.to_python({"title": "x", "url": "https://youtu.be/dQw4w9WgXcQ", "duration": ""}))


def test_question_needs_exactly_one_correct_answer():
    from wagtail.blocks import StructBlockValidationError

    from cms.blocks import QuestionBlock

    block = QuestionBlock()
    raw = {
        "question": "?",
        "answers": [{"text": "a", "correct": True}, {"text": "b", "correct": True}],
        "explanation": "e",
    }
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python(raw))


def test_block_previews_render():
    from cms.blocks import LessonBodyBlock

    for name, block in LessonBodyBlock().child_blocks.items():
        if name in {"image", "document"}:
            continue  # their preview needs a chosen file
        assert block.render(block.get_preview_value(), context={}).strip(), name


def test_index_lists_own_tier_first_with_progress(client_for):
    index = factories.learning_index()
    beginner = factories.course(index, tier=Tier.BEGINNER, title="Pembukuan")
    factories.course(index, tier=Tier.ADVANCED, title="Mengajukan KUR")
    lesson = factories.lesson(beginner, quiz=False)
    factories.lesson(beginner, quiz=False)
    from tests.incubator.factories import EntrepreneurProfileFactory

    user = EntrepreneurProfileFactory(tier=Tier.ADVANCED).user
    complete_lesson(lesson, user=user)
    html = client_for(user).get("/learn/").content.decode()
    assert html.index("Mengajukan KUR") < html.index("Pembukuan")
    assert '<progress max="2" value="1">' in html


def test_index_lists_tiers_in_order_for_readers_without_a_tier(client_for, mentor_user):
    index = factories.learning_index()
    factories.course(index, tier=Tier.ADVANCED, title="Mengajukan KUR")
    factories.course(index, tier=Tier.BEGINNER, title="Pembukuan")
    html = client_for(mentor_user).get("/learn/").content.decode()
    assert html.index("Pembukuan") < html.index("Mengajukan KUR")
    assert "<progress" not in html


def test_course_page_shows_progress_bar(client_for, entrepreneur_user):
    course = factories.course()
    first = factories.lesson(course, quiz=False, title="Satu")
    factories.lesson(course, quiz=False, title="Dua")
    complete_lesson(first, user=entrepreneur_user)
    html = client_for(entrepreneur_user).get(course.url).content.decode()
    assert '<progress max="2" value="1">' in html
    assert html.index("Satu") < html.index("Dua")


def _index_lesson(page):
    get_search_backend().add(page)


def test_search_finds_a_lesson_by_a_word_in_its_body(client_for, entrepreneur_user):
    course = factories.course(title="Harga jual")
    lesson = factories.lesson(course, body=[("text", "<p>Hitung harga pokok penjualan dari bahan baku.</p>")])
    other = factories.lesson(course, body=[("text", "<p>Daftarkan usaha di OSS.</p>")])
    for page in (course, lesson, other):
        _index_lesson(page)
    html = client_for(entrepreneur_user).get("/learn/", {"q": "bahan"}).content.decode()
    assert lesson.title in html and other.title not in html
    assert 'type="search"' in html


def test_search_stays_in_the_readers_language(client_for, entrepreneur_user):
    index = factories.learning_index()
    index_en = factories.english(index)
    course = factories.course(index)
    lesson = factories.lesson(course, quiz=False, body=[("text", "<p>Bahan baku.</p>")])
    factories.english(course)
    lesson_en = factories.english(lesson)
    for page in (lesson, lesson_en):
        _index_lesson(page)
    html = client_for(entrepreneur_user).get(index_en.url, {"q": "bahan"}).content.decode()
    assert lesson_en.url in html and f'href="{lesson.url}"' not in html


def test_indonesian_and_english_routes(client_for, entrepreneur_user):
    index = factories.learning_index()
    course = factories.course(index, title="Pembukuan sederhana")
    index_en = factories.english(index)
    index_en.title = "Learn"
    index_en.save_revision().publish()
    course_en = factories.english(course)
    course_en.title = "Simple bookkeeping"
    course_en.save_revision().publish()
    client = client_for(entrepreneur_user)
    assert index.url == "/learn/" and index_en.url == "/en/learn/"
    id_html = client.get("/learn/").content.decode()
    en_html = client.get("/en/learn/").content.decode()
    assert 'lang="id"' in id_html and "Pembukuan sederhana" in id_html
    assert 'lang="en"' in en_html and "Simple bookkeeping" in en_html and "Pembukuan sederhana" not in en_html
    assert client.get(f"/en/learn/{course.slug}/").status_code == 200


def test_english_course_without_english_lessons_lists_the_indonesian_ones(client_for, entrepreneur_user):
    index = factories.learning_index()
    factories.english(index)
    course = factories.course(index)
    lesson = factories.lesson(course, quiz=False, title="Buku kas")
    course_en = factories.english(course)
    html = client_for(entrepreneur_user).get(course_en.url).content.decode()
    assert f'href="{lesson.url}" lang="id" hreflang="id">Buku kas</a>' in html


def _grow(course, n: int, user, *, covers: bool = False) -> None:
    for _ in range(n):
        extra = factories.course(course.get_parent().specific, cover=ImageFactory() if covers else None)
        factories.lesson(extra, quiz=False)
        done = factories.lesson(course, quiz=False)
        complete_lesson(done, user=user)


def test_lesson_page_query_count_is_constant(client_for, entrepreneur_user, django_assert_num_queries):
    course = factories.course()
    lesson = factories.lesson(course)
    client = client_for(entrepreneur_user)
    client.get(lesson.url)  # warm caches: site root paths, content types
    connection.queries_log.clear()  # the log keeps 9000 entries; setup alone can fill it
    with CaptureQueriesContext(connection) as small:
        assert client.get(lesson.url).status_code == 200
    queries = len(small)  # read now: the context reads the live log
    _grow(course, 4, entrepreneur_user)
    connection.queries_log.clear()
    with django_assert_num_queries(queries):
        assert client.get(lesson.url).status_code == 200
    assert 5 < queries <= 20  # most are Wagtail routing the URL, one level at a time; one is the inbox bell


def test_index_query_count_is_constant(client_for, entrepreneur_user, django_assert_num_queries):
    course = factories.course(cover=ImageFactory())
    factories.lesson(course, quiz=False)
    client = client_for(entrepreneur_user)
    client.get("/learn/")  # renditions are made on the first view
    connection.queries_log.clear()  # the log keeps 9000 entries; setup alone can fill it
    with CaptureQueriesContext(connection) as small:
        assert client.get("/learn/").status_code == 200
    queries = len(small)  # read now: the context reads the live log
    _grow(course, 4, entrepreneur_user, covers=True)
    client.get("/learn/")
    connection.queries_log.clear()
    with django_assert_num_queries(queries):
        html = client.get("/learn/").content.decode()
    assert queries > 5
    assert html.count('loading="lazy"') == 5 and html.count(".webp") == 5


def test_page_types_sit_where_they_belong():
    assert LearningIndexPage.parent_page_types == ["cms.HomePage"]
    assert CoursePage.parent_page_types == ["cms.LearningIndexPage"]
    assert LessonPage.parent_page_types == ["cms.CoursePage"]
    assert EntrepreneurUserFactory  # factories import cleanly


def test_quiz_answers_are_shown_in_a_stable_shuffled_order_keeping_their_index():
    from cms.templatetags.learning import shuffled_answers

    answers = ["a", "b", "c", "d"]
    orders = [shuffled_answers(answers, f"seed-{n}") for n in range(10)]
    for order in orders:
        assert sorted(order) == list(enumerate(answers))  # every answer once, with its own index
    assert shuffled_answers(answers, "seed-1") == orders[1]  # stable for a seed
    assert any([i for i, _ in order] != [0, 1, 2, 3] for order in orders)


def test_quiz_form_submits_original_indexes(client_for, entrepreneur_user):
    lesson = factories.lesson(factories.course())
    html = client_for(entrepreneur_user).get(lesson.url).content.decode()
    assert 'value="0" required> Jawaban benar' in html
    assert 'value="1" required> Jawaban salah' in html


def test_the_home_page_routes_a_lesson_in_two_queries_with_wagtails_answers(
    client_for, entrepreneur_user, rf
):
    from cms.models import HomePage

    course = factories.course()
    lesson = factories.lesson(course)
    draft = factories.lesson(course)
    draft.unpublish()
    home = HomePage.objects.get(pk=course.get_parent().get_parent().pk)
    learn, course_slug, request = course.get_parent().slug, course.slug, rf.get(lesson.url)
    with CaptureQueriesContext(connection) as captured:
        found = home.route(request, [learn, course_slug, lesson.slug])
    assert found.page == lesson and isinstance(found.page, LessonPage)
    assert len(captured) == 2  # Wagtail's own walk: 6 (a child by slug, then its type, per level)
    client = client_for(entrepreneur_user)
    assert client.get(lesson.url).status_code == 200
    assert client.get(course.url).status_code == 200
    assert client.get(draft.url).status_code == 404  # not live
    assert client.get(f"{course.url}no-such-lesson/").status_code == 404
    assert client.get(f"{lesson.url}deeper/").status_code == 404
