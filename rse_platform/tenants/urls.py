"""URLs under /<tenant-slug>/; every view here must carry a permission (see tests)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.tenant_home, name="tenant_home"),
    path("logo/", views.tenant_logo, name="tenant_logo"),
    path("theme.css", views.tenant_theme, name="tenant_theme"),
    path("organisation/", views.tenant_branding, name="tenant_branding"),
    path("people/", views.members, name="members"),
    path("people/invite/", views.invite, name="invite"),
    path("people/<int:pk>/remove/", views.remove_member, name="remove_member"),
    path("people/<int:pk>/role/", views.change_role, name="change_role"),
    path("invitations/<int:pk>/resend/", views.resend_invitation, name="resend_invitation"),
    path("invitations/<int:pk>/revoke/", views.revoke_invitation, name="revoke_invitation"),
]
