"""“Passwort vergessen?” for the back office: Django's password reset, linked from the admin's login page.

The mail goes out through the configured mailer (``MAILERS``; the console in development) with a link to the
portal's own address (the site's domain, ``PORTAL_BASE_URL``). The pages say the same whether or not an account
has the address, and one address gets at most ``MAILS_PER_HOUR`` mails an hour, so that the form can be used
neither to find accounts nor to flood someone's inbox.
"""

import hashlib

from django.contrib import admin
from django.contrib.auth import views
from django.core.cache import cache
from django.http import HttpResponseRedirect
from django.urls import path

MAILS_PER_HOUR = 3


class PasswordResetView(views.PasswordResetView):
    def form_valid(self, form):
        address = form.cleaned_data["email"].strip().lower()
        key = "password-reset:" + hashlib.sha256(address.encode()).hexdigest()
        cache.add(key, 0, 3600)
        if cache.incr(key) > MAILS_PER_HOUR:
            return HttpResponseRedirect(self.get_success_url())  # the same answer, no further mail
        return super().form_valid(form)


def in_frame(view):
    """The view with the back office's name in its pages' header and title (the admin's templates show them)."""
    return view.as_view(extra_context={"site_header": admin.site.site_header, "site_title": admin.site.site_title})


# Outside the admin's own URLs because Django's templates and mails name them without a namespace.
urlpatterns = [
    path("", in_frame(PasswordResetView), name="admin_password_reset"),
    path("gesendet/", in_frame(views.PasswordResetDoneView), name="password_reset_done"),
    path("neu/<uidb64>/<token>/", in_frame(views.PasswordResetConfirmView), name="password_reset_confirm"),
    path("fertig/", in_frame(views.PasswordResetCompleteView), name="password_reset_complete"),
]
