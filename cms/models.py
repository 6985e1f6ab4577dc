from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from cms.blocks import HomeBodyBlock


class HomePage(Page):
    """The public page about the program, served at ``/`` (Indonesian) and ``/en/`` (English)."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(HomeBodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    max_count_per_parent = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")
