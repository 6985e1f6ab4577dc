from django.utils.translation import gettext_lazy as _
from wagtail import blocks


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
