from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from config.metrics import metrics_view
from lk_portal.api.site import api
from lk_portal.views.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("metrics", metrics_view, name="metrics"),
    path(settings.LK_ADMIN_PATH, include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("captcha/", include("captcha.urls")),
    path("lk/", include("lk_portal.urls")),
    path("api/v1/", api.urls),  # token auth only, no session, no CSRF (lk_portal/api/)
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page tree last: /, /instrukciya/, /kontakty/, /novosti/ …
urlpatterns += [path("", include(wagtail_urls))]
