"""Log-in throttling (django-axes), password reset by e-mail and password change."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import timezone

from chumchon.accounts.models import User

PASSWORD = "a-long-passphrase-2567"
pytestmark = pytest.mark.django_db


@pytest.fixture
def somchai() -> User:
    return User.objects.create_user("somchai", email="somchai@example.org", password=PASSWORD)


def _login(client: Client, username: str, password: str, ip: str = "10.0.0.1"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_after_the_limit_the_right_password_is_refused_with_a_bilingual_message(somchai: User) -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "somchai", "wrong").status_code == 200  # the form again, with its error
    assert _login(client, "somchai", "wrong").status_code == 429  # the limit-th failure pauses logging in
    response = _login(client, "somchai", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert 'id="locked-out"' in page
    assert str(int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)) in page
    assert "_auth_user_id" not in client.session


def test_the_limit_holds_per_user_from_another_address(somchai: User) -> None:
    for i in range(settings.AXES_FAILURE_LIMIT):
        _login(Client(), "somchai", "wrong", ip=f"10.0.1.{i}")
    assert _login(Client(), "somchai", PASSWORD, ip="10.0.2.1").status_code == 429


def test_the_limit_holds_per_address_for_other_users(somchai: User) -> None:
    for i in range(settings.AXES_FAILURE_LIMIT):
        _login(Client(), f"guess{i}", "wrong", ip="10.0.3.3")
    assert _login(Client(), "somchai", PASSWORD, ip="10.0.3.3").status_code == 429
    assert _login(Client(), "somchai", PASSWORD, ip="10.0.3.4").status_code == 302


def test_the_pause_ends_after_the_cool_off(somchai: User) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(Client(), "somchai", "wrong")
    assert _login(Client(), "somchai", PASSWORD).status_code == 429
    past = timezone.now() - settings.AXES_COOLOFF_TIME - dt.timedelta(minutes=1)
    AccessAttempt.objects.update(attempt_time=past)
    assert _login(Client(), "somchai", PASSWORD).status_code == 302


def test_fewer_failures_than_the_limit_do_not_lock(somchai: User) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(Client(), "somchai", "wrong")
    assert _login(Client(), "somchai", PASSWORD).status_code == 302


def test_password_reset_by_e_mail_end_to_end(somchai: User) -> None:
    client = Client()
    assert client.get("/accounts/login/").content.decode().count("/accounts/password-reset/") == 1
    response = client.post("/accounts/password-reset/", {"email": "somchai@example.org"})
    assert response.status_code == 302 and response["Location"] == "/accounts/password-reset/sent/"
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", mail.outbox[0].body)
    assert link is not None
    form_url = client.get(link.group(1)).headers["Location"]  # Django swaps the token for a session key
    page = client.get(form_url)
    assert 'id="reset-confirm"' in page.content.decode()
    done = client.post(
        form_url, {"new_password1": "another-passphrase-2568", "new_password2": "another-passphrase-2568"}
    )
    assert done.status_code == 302 and done["Location"] == "/accounts/reset/done/"
    somchai.refresh_from_db()
    assert somchai.check_password("another-passphrase-2568")
    # The link works once.
    assert 'id="reset-invalid"' in client.get(link.group(1), follow=True).content.decode()


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same() -> None:
    response = Client().post("/accounts/password-reset/", {"email": "nobody@example.org"}, follow=True)
    assert 'id="reset-sent"' in response.content.decode()
    assert mail.outbox == []


def test_password_change_needs_the_old_password(somchai: User) -> None:
    client = Client()
    client.force_login(somchai)
    wrong = client.post(
        "/accounts/password/",
        {"old_password": "nope", "new_password1": "third-passphrase-2569", "new_password2": "third-passphrase-2569"},
    )
    assert wrong.status_code == 200
    somchai.refresh_from_db()
    assert somchai.check_password(PASSWORD)
    ok = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "third-passphrase-2569", "new_password2": "third-passphrase-2569"},
    )
    assert ok.status_code == 302 and ok["Location"] == "/accounts/password/done/"
    somchai.refresh_from_db()
    assert somchai.check_password("third-passphrase-2569")


def test_password_change_needs_a_login() -> None:
    response = Client().get("/accounts/password/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
