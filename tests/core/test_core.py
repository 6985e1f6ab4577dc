"""The core layer: one error base, one Rupiah formatter, one photo cleaner with its own error."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.errors import AccountError
from cms.services import LearningError
from complaints.services import ComplaintError
from core.errors import DomainError
from core.images import PhotoRejected, clean_photo
from core.money import format_rupiah, group_thousands
from incubator.errors import EvidenceError, IncubatorError
from incubator.images import clean_photo as incubator_clean_photo
from mentoring.services import MentoringError


@pytest.mark.parametrize(
    "error", [IncubatorError, MentoringError, ComplaintError, AccountError, LearningError, PhotoRejected]
)
def test_every_domain_error_is_a_domain_error_with_a_message_and_a_code(error):
    exc = error("Tidak boleh.", code="forbidden")
    assert isinstance(exc, DomainError)
    assert str(exc) == exc.message == "Tidak boleh."
    assert exc.code == "forbidden"
    assert error("Tidak boleh.").code == "invalid"


def test_a_complaint_error_is_no_longer_an_incubator_error():
    assert not issubclass(ComplaintError, IncubatorError)


def test_format_rupiah_groups_thousands_and_shows_the_empty_mark_asked_for():
    assert format_rupiah(1_500_000) == "Rp 1.500.000"
    assert format_rupiah(-500_000) == "-Rp 500.000"
    assert format_rupiah(None) == "–"
    assert format_rupiah(None, empty="—") == "—"
    assert group_thousands(2_400_000) == "2.400.000"


def test_the_core_photo_cleaner_raises_its_own_error_and_the_incubator_translates_it():
    def not_a_photo():
        return SimpleUploadedFile("x.jpg", b"not an image at all", content_type="image/jpeg")

    with pytest.raises(PhotoRejected) as core_error:
        clean_photo(not_a_photo())
    assert not isinstance(core_error.value, IncubatorError)
    with pytest.raises(EvidenceError) as incubator_error:
        incubator_clean_photo(not_a_photo())
    assert str(incubator_error.value) == str(core_error.value)
