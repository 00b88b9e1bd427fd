"""Admin sign-in: lockout after repeated failures (django-axes), passwords, two-factor for administrators."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from regionportal.backoffice.permissions import PORTAL_ADMINISTRATION, REGION_EDITORS

PASSWORD = "ein-langes-passwort"
LIMIT = settings.AXES_FAILURE_LIMIT
ADDRESS_LIMIT = settings.PORTAL_ADDRESS_FAILURE_LIMIT

pytestmark = pytest.mark.django_db


def staff(username, group):
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def attempt(client, username, password, ip="203.0.113.7"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=ip,
    )


def current_code(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


@pytest.fixture
def editor():
    return staff("redaktion", REGION_EDITORS)


@pytest.fixture
def admin_user():
    return staff("verwaltung", PORTAL_ADMINISTRATION)


class TestLockout:
    def test_the_username_is_locked_from_that_address_only(self, client, editor):
        statuses = [attempt(client, "redaktion", "falsch").status_code for _ in range(LIMIT)]
        assert statuses == [200] * (LIMIT - 1) + [429]  # the form again, then the lockout

        response = attempt(client, "redaktion", PASSWORD)  # right password, same address: still locked
        assert response.status_code == 429
        text = response.content.decode()
        assert "Anmeldung vorübergehend gesperrt" in text
        assert f"in {settings.AXES_COOLOFF_TIME.seconds // 60} Minuten" in text
        assert "_auth_user_id" not in client.session

        # the colleague at another address is not locked out by someone else's guessing
        assert attempt(Client(), "redaktion", PASSWORD, ip="198.51.100.1").status_code == 302

    def test_guesses_from_many_addresses_do_not_lock_the_account(self, client, editor):
        for number in range(LIMIT * 2):
            attempt(client, "redaktion", "falsch", ip=f"203.0.113.{number}")
        assert attempt(client, "redaktion", PASSWORD, ip="198.51.100.1").status_code == 302

    def test_the_address_is_locked_for_every_account_after_its_own_limit(self, client, editor):
        for number in range(ADDRESS_LIMIT - 1):  # a few guesses for each of many usernames, each below LIMIT
            attempt(client, f"geraten-{number // 2}", "falsch")
        assert attempt(Client(), "redaktion", PASSWORD).status_code == 302

        attempt(client, "noch-einer", "falsch")

        assert attempt(client, "redaktion", PASSWORD).status_code == 429
        assert attempt(client, "redaktion", PASSWORD, ip="198.51.100.1").status_code == 302  # from elsewhere

    @pytest.mark.parametrize("second_factor", [False, True])
    def test_signing_in_to_another_account_does_not_wipe_the_guesses(self, client, editor, admin_user, second_factor):
        """4 guesses against A, one own sign-in as B from the same address (for a 2FA account: only the password
        step), repeat: A is locked once its guesses reach the limit."""
        if second_factor:
            TOTPDevice.objects.create(user=admin_user, name="Telefon", confirmed=True)
        own = "verwaltung" if second_factor else "eigenes-konto"
        if not second_factor:
            staff(own, REGION_EDITORS)
        guesses = 0
        while guesses < LIMIT:
            for _ in range(min(LIMIT - 1, LIMIT - guesses)):
                response = attempt(client, "redaktion", "falsch")
                guesses += 1
            Client().post(
                reverse("admin:login"),
                {"username": own, "password": PASSWORD, "next": reverse("admin:index")},
                REMOTE_ADDR="203.0.113.7",
            )
        assert response.status_code == 429
        assert attempt(client, "redaktion", PASSWORD).status_code == 429

    def test_attempts_during_the_lock_do_not_extend_it(self, client, editor):
        for _ in range(LIMIT):
            attempt(client, "redaktion", "falsch")
        locked_at = AccessAttempt.objects.get().attempt_time
        for _ in range(3):
            assert attempt(client, "redaktion", "falsch").status_code == 429
        assert AccessAttempt.objects.get().attempt_time == locked_at
        assert AccessAttempt.objects.get().failures_since_start == LIMIT

        AccessAttempt.objects.update(attempt_time=locked_at - settings.AXES_COOLOFF_TIME - timedelta(seconds=1))
        assert attempt(client, "redaktion", PASSWORD).status_code == 302

    def test_fewer_failures_do_not_lock_and_success_resets_them(self, client, editor):
        for _ in range(LIMIT - 1):
            attempt(client, "redaktion", "falsch")
        assert attempt(client, "redaktion", PASSWORD).status_code == 302
        client.logout()
        for _ in range(LIMIT - 1):
            attempt(client, "redaktion", "falsch")
        assert attempt(client, "redaktion", PASSWORD).status_code == 302

    def test_the_lock_ends_after_the_cooloff(self, client, editor):
        for _ in range(LIMIT):
            attempt(client, "redaktion", "falsch")
        assert attempt(client, "redaktion", PASSWORD).status_code == 429

        # the cool-off time passes
        AccessAttempt.objects.update(
            attempt_time=AccessAttempt.objects.get().attempt_time - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
        )

        response = attempt(client, "redaktion", PASSWORD)
        assert response.status_code == 302
        assert response.url == reverse("admin:index")

    def test_the_address_behind_the_proxy_counts(self, client, editor, settings):
        settings.PORTAL_TRUSTED_PROXY_COUNT = 1
        for number in range(ADDRESS_LIMIT):  # one attacker, a forged X-Forwarded-For each time
            client.post(
                reverse("admin:login"),
                {"username": f"geraten-{number}", "password": "falsch"},
                REMOTE_ADDR="127.0.0.1",
                HTTP_X_FORWARDED_FOR=f"10.0.0.{number}, 203.0.113.9",
            )
        blocked = client.post(
            reverse("admin:login"),
            {"username": "redaktion", "password": PASSWORD},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )
        other = client.post(
            reverse("admin:login"),
            {"username": "redaktion", "password": PASSWORD},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="198.51.100.4",
        )
        assert (blocked.status_code, other.status_code) == (429, 302)


@pytest.mark.parametrize("password", ["kurz-123", "password1234", "123456789012345", "redaktion2026!"])
def test_weak_staff_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password, User(username="redaktion"))


def test_a_long_password_is_accepted():
    validate_password("Kreis-Unna-Förderung-2026", User(username="redaktion"))


class TestTwoFactor:
    def test_an_editor_may_work_without_it(self, client, editor):
        assert attempt(client, "redaktion", PASSWORD).status_code == 302
        response = client.get(reverse("admin:index"))
        assert response.status_code == 200
        assert reverse("admin:otp-setup") in response.content.decode()  # offered, not forced

    def test_an_administrator_must_set_it_up_first(self, client, admin_user):
        attempt(client, "verwaltung", PASSWORD)

        response = client.get(reverse("admin:index"), follow=True)

        assert response.redirect_chain[-1][0].startswith(reverse("admin:otp-setup"))
        assert b"Zwei-Faktor-Anmeldung einrichten" in response.content
        for url in (reverse("admin:auth_user_changelist"), reverse("admin:projects_project_changelist")):
            assert client.get(url).status_code == 302

    def test_setting_it_up_with_the_current_code_opens_the_admin(self, client, admin_user):
        attempt(client, "verwaltung", PASSWORD)
        page = client.get(reverse("admin:otp-setup"))
        device = TOTPDevice.objects.get(user=admin_user)
        assert not device.confirmed
        assert b"<svg" in page.content  # the QR code

        wrong = client.post(reverse("admin:otp-setup"), {"token": "000000"})
        assert wrong.status_code == 200 and wrong.context["form"].errors
        device.refresh_from_db()
        device.throttle_reset()
        response = client.post(
            reverse("admin:otp-setup"), {"token": current_code(device), "next": reverse("admin:auth_user_changelist")}
        )

        assert response.status_code == 302
        assert response.url == reverse("admin:auth_user_changelist")
        assert TOTPDevice.objects.get(user=admin_user).confirmed
        assert client.get(reverse("admin:auth_user_changelist")).status_code == 200

    def test_every_sign_in_asks_for_a_code_once_set_up(self, client, admin_user):
        device = TOTPDevice.objects.create(user=admin_user, name="App", confirmed=True)
        attempt(client, "verwaltung", PASSWORD)

        response = client.get(reverse("admin:index"), follow=True)
        assert response.redirect_chain[-1][0].startswith(reverse("admin:otp-verify"))

        assert client.post(reverse("admin:otp-verify"), {"token": "12345x"}).context["form"].errors
        device.refresh_from_db()
        device.throttle_reset()
        assert client.post(reverse("admin:otp-verify"), {"token": current_code(device)}).status_code == 302
        assert client.get(reverse("admin:index")).status_code == 200

        fresh = Client()  # a new sign-in asks again
        attempt(fresh, "verwaltung", PASSWORD)
        assert (
            fresh.get(reverse("admin:index"), follow=True).redirect_chain[-1][0].startswith(reverse("admin:otp-verify"))
        )

    def test_confirming_the_code_gives_the_session_a_new_key(self, client, admin_user):
        device = TOTPDevice.objects.create(user=admin_user, name="App", confirmed=True)
        attempt(client, "verwaltung", PASSWORD)
        before = client.cookies[settings.SESSION_COOKIE_NAME].value

        assert client.post(reverse("admin:otp-verify"), {"token": current_code(device)}).status_code == 302
        assert client.cookies[settings.SESSION_COOKIE_NAME].value != before
        assert client.get(reverse("admin:index")).status_code == 200

        old = Client()  # the key from before the code no longer signs anyone in
        old.cookies[settings.SESSION_COOKIE_NAME] = before
        assert old.get(reverse("admin:index")).status_code == 302

    def test_an_editor_who_set_it_up_must_use_it(self, client, editor):
        TOTPDevice.objects.create(user=editor, name="App", confirmed=True)
        attempt(client, "redaktion", PASSWORD)
        assert (
            client.get(reverse("admin:index"), follow=True)
            .redirect_chain[-1][0]
            .startswith(reverse("admin:otp-verify"))
        )

    def test_repeated_wrong_codes_are_throttled(self, client, admin_user):
        device = TOTPDevice.objects.create(user=admin_user, name="App", confirmed=True)
        attempt(client, "verwaltung", PASSWORD)
        for _ in range(3):
            client.post(reverse("admin:otp-verify"), {"token": "000000"})

        response = client.post(reverse("admin:otp-verify"), {"token": current_code(device)})

        assert response.status_code == 200
        assert "Zu viele falsche Codes" in response.content.decode()

    def test_an_unconfirmed_session_can_sign_out(self, client, admin_user):
        attempt(client, "verwaltung", PASSWORD)
        response = client.post(reverse("admin:otp-setup"), {"logout": "1"})
        assert response.status_code == 302
        assert "_auth_user_id" not in client.session

    def test_the_pages_need_a_signed_in_staff_member(self, client):
        for name in ("admin:otp-setup", "admin:otp-verify"):
            response = client.get(reverse(name))
            assert response.status_code == 302
            assert response.url.startswith(reverse("admin:login"))
