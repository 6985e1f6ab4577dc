"""Wagtail's image form, hardened: a decompression bomb is a form error, not a 500 (case 67).

Wagtail measures an upload's pixels (``check_image_pixel_size``) by opening it with Pillow, which
raises ``DecompressionBombError`` above about 179 million pixels — before Wagtail's own
``WAGTAILIMAGES_MAX_IMAGE_PIXELS`` check can answer. ``WAGTAILIMAGES_IMAGE_FORM_BASE`` points here, so
every Wagtail image form (add, multiple add, edit, chooser upload) gets the safe field.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from PIL import Image
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm


class BombSafeImageField(WagtailImageField):
    def check_image_pixel_size(self, f) -> None:
        try:
            super().check_image_pixel_size(f)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ValidationError(
                _("This image has too many pixels. The largest allowed is %(max_pixels)s pixels.")
                % {"max_pixels": number_format(self.max_image_pixels, force_grouping=True)},
                code="file_too_many_pixels",
            ) from exc


class TumbuhImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if isinstance(field, WagtailImageField) and not isinstance(field, BombSafeImageField):
            # Wagtail builds the field through its own formfield callback (label, widget, help text,
            # messages already set); only the pixel check changes, so the instance switches class.
            field.__class__ = BombSafeImageField
