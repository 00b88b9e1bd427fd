from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class RegionportalConfig(AppConfig):
    name = "regionportal"
    verbose_name = _("Portal")

    def ready(self):
        from regionportal import deployment_checks

        for check in (
            deployment_checks.check_base_url,
            deployment_checks.check_buffering_proxy,
            deployment_checks.check_legal_pages,
        ):
            checks.register(check, deployment_checks.TAG, deploy=True)
        from regionportal.caching.cache import connect_signals
        from regionportal.search.index import connect_signals as connect_search_signals

        connect_signals()  # any content change gives the page cache a new content version

        from regionportal.media import processing as media
        from regionportal.pages import share_images

        media.connect_signals()  # a deleted image's renditions go with it
        share_images.connect_signals()  # a save draws the share images it changes
        connect_search_signals()  # a changed goal, milestone, theme or partner refreshes the search documents
        from django.db.models.signals import post_migrate

        from regionportal.search.index import fill_after_migrate

        post_migrate.connect(fill_after_migrate, sender=self)  # existing rows get their index after migrating

        from regionportal.publishing.slugs import connect_signals as connect_slug_signals

        connect_slug_signals()  # a changed slug is kept, so its old addresses answer 301
