import pytest

pytestmark = pytest.mark.django_db


def test_public_home_page_is_served_in_indonesian_and_english(client):
    from cms.demo import seed_home

    seed_home()
    assert "Program Kewirausahaan Sosial" in client.get("/").text
    assert "Social Entrepreneurship Program" in client.get("/en/").text
