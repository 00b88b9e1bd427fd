"""``manage.py purge_barrier_reports`` deletes done reports a year after they came in, and nothing else."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from regionportal.legal.models import BarrierReport, ReportStatus

pytestmark = pytest.mark.django_db


def report(days_ago, status):
    created = BarrierReport.objects.create(description="Kontrast", status=status)
    BarrierReport.objects.filter(pk=created.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
    return created


@pytest.fixture
def reports():
    return {
        "old closed": report(400, ReportStatus.CLOSED),
        "old answered": report(366, ReportStatus.ANSWERED),
        "old open": report(400, ReportStatus.IN_PROGRESS),
        "recent closed": report(300, ReportStatus.CLOSED),
    }


def purge(*args):
    out = StringIO()
    call_command("purge_barrier_reports", *args, stdout=out)
    return out.getvalue()


def test_done_reports_older_than_a_year_are_deleted(reports):
    assert "gelöscht: 2" in purge()
    kept = set(BarrierReport.objects.values_list("pk", flat=True))
    assert kept == {reports["old open"].pk, reports["recent closed"].pk}


def test_dry_run_only_counts(reports):
    assert "würden gelöscht: 2" in purge("--dry-run")
    assert BarrierReport.objects.count() == 4
