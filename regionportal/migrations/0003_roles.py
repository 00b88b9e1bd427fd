"""The three back-office roles as groups with their model permissions.

Region scoping is not a permission: it comes from the user's region assignments (regionportal.backoffice.permissions).
Names are frozen here on purpose; regionportal.backoffice.permissions refers to the same names.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ALL = ("add", "change", "delete", "view")
CONTENT = {
    "projects": {
        **dict.fromkeys(
            (
                "project",
                "projectgoal",
                "milestone",
                "fundingline",
                "projectcontact",
                "projectimage",
                "projectdocument",
                "projectlink",
                "membership",
                "regioncontact",
                "regiontheme",
                "keyfigure",
                "regiongoal",
            ),
            ALL,
        ),
        "region": ("change", "view"),  # new regions are set up by the portal administration
        **dict.fromkeys(("state", "theme", "municipality", "fundingprogramme"), ("view",)),  # reference data
    },
    "news": dict.fromkeys(("article", "articleperson"), ALL),
    # contacts are shared between regions: editors keep them up to date but do not delete them
    "contacts": dict.fromkeys(("person", "organisation"), ("add", "change", "view")),
    "regionportal": {"image": ALL, "document": ALL, "changeproposal": ("change", "view")},
}
ROLES = {
    "Regionsredaktion": [],
    "Regionsfreigabe": [("regionportal", "publish_content")],
}
ADMINISTRATION = "Portal-Administration"
ADMINISTRATION_APPS = (
    "auth",
    "contacts",
    "projects",
    "news",
    "regionportal",
    "flatpages",
    "redirects",
    "sites",
)


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():  # permissions are normally created after the last migration
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    content = [
        Permission.objects.get(content_type__app_label=app_label, codename=f"{action}_{model}")
        for app_label, models in CONTENT.items()
        for model, actions in models.items()
        for action in actions
    ]
    for name, extra in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(
            content + [Permission.objects.get(content_type__app_label=a, codename=c) for a, c in extra]
        )
    group, _created = Group.objects.get_or_create(name=ADMINISTRATION)
    group.permissions.set(Permission.objects.filter(content_type__app_label__in=ADMINISTRATION_APPS))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[*ROLES, ADMINISTRATION]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("flatpages", "0001_initial"),
        ("redirects", "0002_alter_redirect_new_path_help_text"),
        ("sites", "0002_alter_domain_unique"),
        ("contacts", "0002_history"),
        ("projects", "0003_history"),
        ("news", "0003_history"),
        ("regionportal", "0002_editor_assignments"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
