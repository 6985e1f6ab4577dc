from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.utils.urlpatterns import decorate_urlpatterns

from accounts.decorators import admin_access_or_forbidden
from accounts.views import cms_login, sms_inbound
from config import views
from core.csvsafe import protect_wagtail_exports
from notifications.views import service_worker

# Wagtail's own exports (site history, form submissions…) neutralise formulas like ours do.
protect_wagtail_exports()


class SuperuserAdminSite(admin.AdminSite):
    """Django's own admin is a superuser's tool; managers work in Wagtail at /cms/."""

    def has_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser


admin.site.__class__ = SuperuserAdminSite

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("sw.js", service_worker, name="service_worker"),  # root scope, no language prefix
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("sms/inbound/", sms_inbound, name="sms_inbound"),
    path("readyz", views.readyz, name="readyz"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("cms/login/", cms_login, name="cms_login"),
    # Signed-in people without admin access get "Not allowed", never a sign-in redirect loop.
    path("cms/", include(decorate_urlpatterns(wagtailadmin_urls.urlpatterns, admin_access_or_forbidden))),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
]
if settings.DEBUG:
    # Public uploads only (Wagtail images, documents), in development. In production the reverse proxy
    # serves MEDIA_ROOT/public/ at /media/ (docs/operations.md); private files only ever go through the
    # permission-checked views, never through a static route.
    urlpatterns.append(re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.PUBLIC_MEDIA_ROOT}))

urlpatterns += i18n_patterns(
    path("offline/", views.offline, name="offline"),
    path("accounts/", include("allauth.urls")),
    path("outbox/", views.outbox, name="outbox"),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("accounts.phone_urls")),  # allauth's change-phone pages
    path("account/", include("accounts.consent_urls")),
    path("account/", include("privacy.urls")),
    path("", include("incubator.urls")),
    path("", include("mentoring.urls")),
    path("", include("cms.urls")),
    path("", include("complaints.urls")),
    path("", include("notifications.urls")),
    path("", include("pillars.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler500 = "config.middleware.server_error"
