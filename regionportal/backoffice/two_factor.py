"""Two-factor sign-in to the admin with an authenticator app (django-otp, TOTP).

Portal administrators (and superusers) must confirm every sign-in with a one-time code; other staff may switch it
on, and then must as well. ``PortalAdminSite.has_permission`` refuses an unconfirmed session of such a user, and
its login page sends them here: to set up the app once, then to enter the current code.
"""

import textwrap
from base64 import b32encode
from functools import wraps

import django_otp
from django import forms
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth import logout as auth_logout
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django_otp.plugins.otp_totp.models import TOTPDevice

from regionportal.backoffice.permissions import scope_for
from regionportal.security import is_same_host

DEVICE_NAME = "Authenticator-App"


def must_use_otp(user):
    """Portal administrators always; other staff once they have set up an app."""
    return scope_for(user).is_portal_admin or django_otp.user_has_device(user, confirmed=True)


def lacks_otp(user):
    """A signed-in staff member who still has to enter a one-time code in this session."""
    return user.is_active and user.is_staff and not user.is_verified() and must_use_otp(user)


def safe_next(request):
    """The ``next`` address of the request if it stays on this host, else the admin's start page."""
    target = request.POST.get(REDIRECT_FIELD_NAME, request.GET.get(REDIRECT_FIELD_NAME, ""))
    return target if target and is_same_host(target, request) else reverse("admin:index")


def otp_step(request):
    """Send a staff member on to confirm the session: set up the app once, else enter a code."""
    name = "admin:otp-verify" if django_otp.user_has_device(request.user) else "admin:otp-setup"
    return redirect(f"{reverse(name)}?{urlencode({REDIRECT_FIELD_NAME: safe_next(request)})}")


def staff_session(view):
    """Signed in as active staff (a code not yet entered); anyone else goes to the admin login."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not (request.user.is_active and request.user.is_staff):
            return redirect(f"{reverse('admin:login')}?{urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})}")
        if request.method == "POST" and "logout" in request.POST:
            auth_logout(request)
            return redirect("admin:login")
        return view(request, *args, **kwargs)

    return never_cache(csrf_protect(sensitive_post_parameters("token")(wrapper)))


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Einmalcode"),
        help_text=_("Die sechs Ziffern, die Ihre Authenticator-App gerade anzeigt."),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self):
        token = self.cleaned_data["token"]
        allowed, _details = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(
                _("Zu viele falsche Codes. Bitte warten Sie einen Moment und versuchen Sie es dann erneut.")
            )
        # django-otp locks the device row while checking, and counts a wrong code towards its throttling
        if not token.isdigit() or not django_otp.verify_token(self.device.user, self.device.persistent_id, token):
            raise forms.ValidationError(
                _(
                    "Dieser Code stimmt nicht. Prüfen Sie die Uhrzeit Ihres Telefons und geben Sie den aktuellen "
                    "Code ein."
                )
            )
        return token


def render(request, template, context):
    from django.contrib import admin

    context = admin.site.each_context(request) | {REDIRECT_FIELD_NAME: safe_next(request)} | context
    return TemplateResponse(request, template, context)


def confirm(request, form):
    """The code was right: this session counts as confirmed from now on."""
    request.session.cycle_key()  # a key seen before the code must not carry the confirmed session
    django_otp.login(request, form.device)
    return redirect(safe_next(request))


@staff_session
def verify(request):
    device = TOTPDevice.objects.devices_for_user(request.user, confirmed=True).first()
    if device is None:
        return otp_step(request)
    form = TokenForm(request.POST or None, device=device)
    if form.is_valid():
        return confirm(request, form)
    return render(request, "security/otp_verify.html", {"form": form, "title": _("Anmeldung bestätigen")})


@staff_session
def setup(request):
    if django_otp.user_has_device(request.user, confirmed=True):
        return otp_step(request)
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first() or TOTPDevice.objects.create(
        user=request.user, name=DEVICE_NAME, confirmed=False
    )
    form = TokenForm(request.POST or None, device=device)
    if form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        messages.success(request, _("Die Zwei-Faktor-Anmeldung ist eingerichtet."))
        return confirm(request, form)
    return render(
        request,
        "security/otp_setup.html",
        {
            "form": form,
            "title": _("Zwei-Faktor-Anmeldung einrichten"),
            "required": scope_for(request.user).is_portal_admin,
            "config_url": device.config_url,
            "secret": " ".join(textwrap.wrap(b32encode(device.bin_key).decode(), 4)),
        },
    )
