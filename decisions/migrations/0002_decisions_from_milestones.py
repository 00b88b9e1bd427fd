"""Milestones carried a free-text Drucksache number (``Milestone.decision_reference``); each becomes a decision of
the milestone's project with the milestone's date, title and link. The body is not known: editors choose it when
they next save the decision (the form requires it), and then the OParl import can find it by its number.
projects.0008 removes the old field afterwards; backwards, the numbers go back to their milestones (and such
decisions, still without body, go).
"""

from django.db import migrations


def milestones_to_decisions(apps, schema_editor):
    Milestone = apps.get_model("projects", "Milestone")
    Decision = apps.get_model("decisions", "Decision")
    for milestone in Milestone.objects.exclude(decision_reference="").order_by("pk"):
        decision = Decision.objects.create(
            date=milestone.date,
            reference=milestone.decision_reference.strip(),
            title=milestone.title,
            url=milestone.url,
        )
        decision.projects.add(milestone.project_id)


def decisions_to_milestones(apps, schema_editor):
    Milestone = apps.get_model("projects", "Milestone")
    Decision = apps.get_model("decisions", "Decision")
    for decision in Decision.objects.filter(body__isnull=True, oparl_id__isnull=True).exclude(reference=""):
        restored = Milestone.objects.filter(
            project__in=decision.projects.all(), date=decision.date, title=decision.title, decision_reference=""
        ).update(decision_reference=decision.reference)
        if restored:  # back in its milestone; applying the migration again makes it anew
            decision.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0001_initial"),
        ("projects", "0007_search_text"),
    ]

    operations = [migrations.RunPython(milestones_to_decisions, decisions_to_milestones)]
