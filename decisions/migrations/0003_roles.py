"""The back-office roles get the decisions: region editors and publishers work on them (scoped to their regions'
projects by regionportal.backoffice.permissions) and choose bodies; the portal administration also sets bodies up."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_ROLES = ("Regionsredaktion", "Regionsfreigabe")
ADMINISTRATION = "Portal-Administration"
EDITOR_PERMISSIONS = ("add_decision", "change_decision", "delete_decision", "view_decision", "view_body")


def grant(apps, schema_editor):
    app_config = apps.get_app_config("decisions")
    app_config.models_module = True  # permissions are normally created after the last migration
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    own = Permission.objects.filter(content_type__app_label="decisions")
    for name in EDITOR_ROLES:
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*own.filter(codename__in=EDITOR_PERMISSIONS))
    group, _created = Group.objects.get_or_create(name=ADMINISTRATION)
    group.permissions.add(*own)


def revoke(apps, schema_editor):
    apps.get_model("auth", "Permission").objects.filter(content_type__app_label="decisions").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0002_decisions_from_milestones"),
        ("regionportal", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
