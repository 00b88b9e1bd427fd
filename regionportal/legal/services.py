"""Receiving a reported barrier: store it, then tell the responsible office by e-mail."""

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from regionportal.legal.models import AccessibilityStatement, BarrierReport

logger = logging.getLogger(__name__)


def receive_barrier_report(*, report: BarrierReport, statement: AccessibilityStatement) -> BarrierReport:
    """Save ``report`` and send it to the statement's feedback address.

    The report is kept even when the mail cannot be sent (the office sees it in the admin, ``notified_at`` stays
    empty); the visitor is never told their report was lost because a mail server was down.
    """
    report.save()
    if notify_office(report=report, statement=statement):
        report.notified_at = timezone.now()
        BarrierReport.objects.filter(pk=report.pk).update(notified_at=report.notified_at)
    return report


def notify_office(*, report: BarrierReport, statement: AccessibilityStatement) -> bool:
    with translation.override(settings.LANGUAGE_CODE):  # the office reads German, whatever the visitor's language
        context = {
            "report": report,
            "statement": statement,
            "portal_name": settings.PORTAL_NAME,
            "admin_url": settings.PORTAL_BASE_URL.rstrip("/")
            + reverse("admin:regionportal_barrierreport_change", args=[report.pk]),
        }
        message = EmailMessage(
            subject=render_to_string("legal/mail/barrier_report_subject.txt", context).strip(),
            body=render_to_string("legal/mail/barrier_report.txt", context),
            to=[statement.feedback_email],
            reply_to=[report.email] if report.email else None,
        )
    try:
        message.send()
    except (smtplib.SMTPException, OSError):
        logger.exception("Die Meldung einer Barriere (Nr. %s) konnte nicht per E-Mail versandt werden.", report.pk)
        return False
    return True
