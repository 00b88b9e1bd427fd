# The Drucksache number of a milestone is a decision record now: decisions.0002 copies the numbers over first.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('projects', '0007_search_text'),
        ('decisions', '0002_decisions_from_milestones'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='historicalmilestone',
            name='decision_reference',
        ),
        migrations.RemoveField(
            model_name='milestone',
            name='decision_reference',
        ),
    ]
