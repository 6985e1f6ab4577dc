from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class TierCardBlock(blocks.StructBlock):
    """One tier of the Triple Power model on the public page."""

    title = blocks.CharBlock(label=_("Title"), max_length=80)
    subtitle = blocks.CharBlock(label=_("Support model"), max_length=80)
    text = blocks.TextBlock(label=_("Text"))

    class Meta:
        icon = "pick"
        template = "cms/blocks/tier_card.html"
        label = _("Tier card")
        description = _("A tier of the program and the support it brings")
        preview_value = {
            "title": "Pemula",
            "subtitle": "Nursing Capital",
            "text": "Bantuan modal usaha dan bimbingan usaha.",
        }


class HomeBodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label=_("Heading"), form_classname="title", icon="title", template="cms/blocks/heading.html"
    )
    paragraph = blocks.RichTextBlock(label=_("Paragraph"), features=["bold", "italic", "link", "ol", "ul"])
    tiers = blocks.ListBlock(TierCardBlock(), label=_("Tiers"), template="cms/blocks/tiers.html")


# --- Lesson blocks -----------------------------------------------------------------------------

LESSON_TEXT_FEATURES = ["h3", "bold", "italic", "link", "ol", "ul"]

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")


def youtube_embed_url(url: str) -> str | None:
    """The privacy-enhanced embed address for a YouTube link, or None if the link is not a video."""
    parsed = urlparse(url)
    host = (parsed.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    video_id = ""
    if host == "youtu.be":
        video_id = parsed.path.lstrip("/").split("/")[0]
    elif host in {"youtube.com", "youtube-nocookie.com"}:
        if parsed.path == "/watch":
            video_id = parse_qs(parsed.query).get("v", [""])[0]
        elif parsed.path.startswith(("/embed/", "/shorts/", "/live/")):
            video_id = parsed.path.split("/")[2]
    if not _YOUTUBE_ID.match(video_id):
        return None
    return f"https://www.youtube-nocookie.com/embed/{video_id}?autoplay=1&rel=0"


class RichTextLessonBlock(blocks.RichTextBlock):
    class Meta:
        icon = "pilcrow"
        label = _("Text")
        template = "cms/blocks/rich_text.html"
        description = _("Paragraphs, sub-headings and lists")
        preview_value = "<p>Catat setiap uang masuk dan keluar pada hari yang sama.</p>"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), max_length=250, required=False)
    alt_text = blocks.CharBlock(
        label=_("Description for screen readers"),
        max_length=250,
        required=False,
        help_text=_("Leave empty if the caption already describes the image."),
    )

    class Meta:
        icon = "image"
        label = _("Image with caption")
        template = "cms/blocks/image.html"
        description = _("A photo or drawing sized for phones, with a caption")
        preview_value = {"caption": "Contoh buku kas harian."}


class VideoValue(blocks.StructValue):
    @cached_property
    def embed_url(self) -> str | None:
        return youtube_embed_url(self.get("url") or "")


class VideoBlock(blocks.StructBlock):
    """A YouTube video that loads only when the reader taps: nothing from YouTube before that."""

    title = blocks.CharBlock(label=_("Title"), max_length=150)
    url = blocks.URLBlock(label=_("YouTube link"))
    duration = blocks.CharBlock(label=_("Duration"), max_length=20, required=False, help_text=_("e.g. 4:30"))

    def clean(self, value):
        value = super().clean(value)
        if youtube_embed_url(value.get("url") or "") is None:
            raise blocks.StructBlockValidationError(
                block_errors={
                    "url": ValidationError(_("Paste a YouTube video link (youtube.com or youtu.be)."))
                }
            )
        return value

    class Meta:
        icon = "media"
        label = _("Video (loads on tap)")
        template = "cms/blocks/video.html"
        value_class = VideoValue
        description = _("A YouTube video that loads only when the reader taps, to save their data")
        preview_value = {
            "title": "Cara membuat buku kas",
            "url": "https://www.youtube.com/watch?v=aaaaaaaaaaa",
            "duration": "4:30",
        }


class DocumentDownloadBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    label = blocks.CharBlock(label=_("Link text"), max_length=150, required=False)

    class Meta:
        icon = "doc-full"
        label = _("Document download")
        template = "cms/blocks/document.html"
        description = _("A worksheet or form the reader can download")
        preview_value = {"label": "Unduh lembar buku kas"}


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[("tip", _("Tip")), ("warning", _("Warning"))],
        default="tip",
    )
    text = blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "link"])

    class Meta:
        icon = "help"
        label = _("Tip or warning")
        template = "cms/blocks/callout.html"
        description = _("A highlighted tip or a warning about a common mistake")
        preview_value = {"kind": "tip", "text": "<p>Pisahkan uang usaha dari uang rumah tangga.</p>"}


class ChecklistBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=150)
    items = blocks.ListBlock(blocks.CharBlock(label=_("Item"), max_length=250), label=_("Items"), min_num=1)

    class Meta:
        icon = "tasks"
        label = _("Checklist")
        template = "cms/blocks/checklist.html"
        description = _("Steps the reader can tick off")
        preview_value = {
            "title": "Langkah minggu ini",
            "items": ["Beli buku tulis", "Catat penjualan hari ini"],
        }


class AnswerBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Answer"), max_length=250)
    correct = blocks.BooleanBlock(label=_("Correct answer"), required=False)

    class Meta:
        icon = "radio-full"
        label = _("Answer")


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=300)
    answers = blocks.ListBlock(AnswerBlock(), label=_("Answers"), min_num=2, max_num=6)
    explanation = blocks.TextBlock(label=_("Explanation"), help_text=_("Shown after the reader answers."))

    def clean(self, value):
        value = super().clean(value)
        correct = sum(1 for answer in value["answers"] if answer["correct"])
        if correct != 1:
            raise blocks.StructBlockValidationError(
                block_errors={"answers": ValidationError(_("Mark exactly one answer as correct."))}
            )
        return value

    class Meta:
        icon = "help"
        label = _("Question")


def question_field(index: int) -> str:
    """The form field name of the quiz's question ``index`` (0-based)."""
    return f"q{index}"


class QuizBlock(blocks.StructBlock):
    """Multiple-choice questions; a lesson with a quiz is complete only after the quiz is passed."""

    title = blocks.CharBlock(label=_("Title"), max_length=150, default=_("Short quiz"))
    pass_mark = blocks.IntegerBlock(
        label=_("Pass mark (%)"),
        min_value=1,
        max_value=100,
        default=100,
        help_text=_("The share of questions that must be answered correctly."),
    )
    questions = blocks.ListBlock(QuestionBlock(), label=_("Questions"), min_num=1, max_num=10)

    class Meta:
        icon = "form"
        label = _("Quiz")
        template = "cms/blocks/quiz.html"
        description = _("Multiple-choice questions with explanations; passing it unlocks completion")
        preview_value = {
            "title": "Kuis singkat",
            "pass_mark": 100,
            "questions": [
                {
                    "question": "Kapan sebaiknya penjualan dicatat?",
                    "answers": [
                        {"text": "Hari itu juga", "correct": True},
                        {"text": "Akhir bulan", "correct": False},
                    ],
                    "explanation": "Catatan yang ditunda mudah terlupa.",
                }
            ],
        }


class LessonBodyBlock(blocks.StreamBlock):
    text = RichTextLessonBlock(features=LESSON_TEXT_FEATURES)
    image = CaptionedImageBlock()
    video = VideoBlock()
    document = DocumentDownloadBlock()
    callout = CalloutBlock()
    checklist = ChecklistBlock()
    quiz = QuizBlock()

    class Meta:
        block_counts = {"quiz": {"max_num": 1}}
