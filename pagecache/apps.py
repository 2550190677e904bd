from django.apps import AppConfig

from contributions.roles import ALL, SITE_ADMIN


class PageCacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = "页面缓存"

    role_permissions = {SITE_ADMIN: ALL}

    def ready(self):
        from pagecache import receivers

        receivers.connect()
