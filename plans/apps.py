from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class PlansConfig(AppConfig):
    default = True
    name = "plans"
    verbose_name = "Action plans"

    def ready(self):
        from plans.rollups import connect_receivers

        connect_receivers()


class PlansAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with plans.admin_site.AdminSite as `admin.site` (settings.INSTALLED_APPS)."""

    default = False
    default_site = "plans.admin_site.AdminSite"
