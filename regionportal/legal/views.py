"""The accessibility statement with its feedback form, the form on a page of its own, and the confirmation."""

import hashlib

from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.views.generic import FormView, TemplateView

from regionportal.legal.forms import BarrierReportForm
from regionportal.legal.models import AccessibilityStatement
from regionportal.legal.services import receive_barrier_report
from regionportal.security import client_ip

# The arbitration body of § 16 BGG at the Federal Government Commissioner for Matters relating to Persons with
# Disabilities; every statement names it (for bodies of the Länder in addition to the Land's own).
SCHLICHTUNGSSTELLE_URL = "https://www.schlichtungsstelle-bgg.de"
RATE_LIMIT_SECONDS = 60 * 60


class StatementMixin:
    """The statement of the current site; without one the page does not exist (``check --deploy`` warns)."""

    @cached_property
    def statement(self):
        statement = AccessibilityStatement.objects.filter(site=get_current_site(self.request)).first()
        if statement is None:
            raise Http404(gettext("Die Erklärung zur Barrierefreiheit ist noch nicht eingerichtet."))
        return statement

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            statement=self.statement, schlichtungsstelle_url=SCHLICHTUNGSSTELLE_URL, **kwargs
        )


class AccessibilityStatementView(StatementMixin, TemplateView):
    template_name = "legal/accessibility_statement.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            form=BarrierReportForm(), non_accessible=self.statement.non_accessible_by_reason(), **kwargs
        )


def report_count_key(request):
    """Reports are counted per visitor address, under a hash of it (the address itself is never kept)."""
    address = client_ip(request) or ""
    return f"barrier-reports:{hashlib.sha256(address.encode()).hexdigest()}"


def is_rate_limited(request):
    return cache.get(report_count_key(request), 0) >= settings.PORTAL_BARRIER_REPORTS_PER_HOUR


def count_report(request):
    key = report_count_key(request)
    cache.add(key, 0, timeout=RATE_LIMIT_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # evicted in between
        cache.set(key, 1, timeout=RATE_LIMIT_SECONDS)


class BarrierReportView(StatementMixin, FormView):
    """GET: the form alone; POST (also from the statement's page): store, notify, redirect to the confirmation.

    Invalid input answers 400 with the form and its messages; more accepted reports from one address than
    ``PORTAL_BARRIER_REPORTS_PER_HOUR`` within an hour answer 429.
    """

    template_name = "legal/barrier_report.html"
    form_class = BarrierReportForm

    def post(self, request, *args, **kwargs):
        if is_rate_limited(request):
            return self.render_to_response(
                self.get_context_data(rate_limited=True, limit=settings.PORTAL_BARRIER_REPORTS_PER_HOUR), status=429
            )
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        receive_barrier_report(report=form.save(commit=False), statement=self.statement)
        count_report(self.request)
        return redirect("portal:accessibility-feedback-thanks")

    def form_invalid(self, form):
        form.renew_token()
        return self.render_to_response(self.get_context_data(form=form), status=400)


class BarrierReportThanksView(StatementMixin, TemplateView):
    template_name = "legal/barrier_report_thanks.html"
