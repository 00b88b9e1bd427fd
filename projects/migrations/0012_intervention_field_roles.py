"""The back-office roles get the intervention field codes: region editors and publishers see them (reference data,
like themes and states), the portal administration also keeps them up to date."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_ROLES = ("Regionsredaktion", "Regionsfreigabe")
ADMINISTRATION = "Portal-Administration"


def grant(apps, schema_editor):
    app_config = apps.get_app_config("projects")
    app_config.models_module = True  # permissions are normally created after the last migration
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    own = Permission.objects.filter(content_type__app_label="projects", content_type__model="interventionfield")
    for name in EDITOR_ROLES:
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*own.filter(codename="view_interventionfield"))
    group, _created = Group.objects.get_or_create(name=ADMINISTRATION)
    group.permissions.add(*own)


def revoke(apps, schema_editor):
    apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="projects", content_type__model="interventionfield"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0011_intervention_fields"),
        ("regionportal", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
