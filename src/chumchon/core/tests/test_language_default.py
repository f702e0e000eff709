"""Thai is the default whatever the browser asks for; the switch alone changes the language."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_english_browser_still_gets_thai_until_the_switch(make_user) -> None:
    make_user(username="somsri")
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    assert 'lang="th"' in page.content.decode()

    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    page = client.get("/accounts/login/")
    assert 'lang="en"' in page.content.decode()

    client.post("/i18n/setlang/", {"language": "th", "next": "/accounts/login/"})
    assert 'lang="th"' in client.get("/accounts/login/").content.decode()


def test_unknown_language_cookie_falls_back_to_thai() -> None:
    client = Client()
    client.cookies["chumchon_language"] = "fr"
    assert 'lang="th"' in client.get("/accounts/login/").content.decode()
