from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path

from .health import healthz
from .tenants import views as tenant_views

# The admin signs in through allauth, so its rate limits and two-factor apply there too.
admin.site.login = login_required(admin.site.login)
admin.site.site_header = "Plateforme RSE"

tenant_patterns = [
    path("", include("rse_platform.tenants.urls")),
    path("", include("rse_platform.files.urls")),
    path("", include("companies.urls")),
    path("", include("programmes.urls")),
    path("", include("clubs.urls")),
    path("", include("diagnostics.urls")),
    path("", include("action_plans.urls")),
    path("", include("labels.urls")),
    path("", include("directory.urls")),
]

urlpatterns = [
    path("", tenant_views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("", include("action_plans.urls_personal")),
    path("", include("labels.urls_root")),
    # The demo's outbox (DEBUG and staff only), under /admin/ for its two-factor rule.
    path("admin/outbox/", include("rse_platform.mail.urls")),
    path("admin/", admin.site.urls),
    path("accounts/", include("rse_platform.accounts.urls")),  # first: overrides allauth's
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("invitations/<str:token>/", tenant_views.accept_invitation, name="accept_invitation"),
    path("<slug:tenant_slug>/", include(tenant_patterns)),
]
