from django.urls import path

from . import views

# Included under accounts/ before allauth's URLs, so that this activation answers at allauth's
# own address (``mfa_activate_totp``) and its links and redirects land here.
urlpatterns = [
    path("2fa/totp/activate/", views.activate_totp),
    path("2fa/admin/", views.admin_totp_by_operator, name="admin_totp_by_operator"),
]
