"""URLs under /<tenant-slug>/; every view here must carry a permission (see tests)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.tenant_home, name="tenant_home"),
    path("people/", views.members, name="members"),
    path("people/invite/", views.invite, name="invite"),
    path("people/<int:pk>/remove/", views.remove_member, name="remove_member"),
    path("invitations/<int:pk>/resend/", views.resend_invitation, name="resend_invitation"),
    path("invitations/<int:pk>/revoke/", views.revoke_invitation, name="revoke_invitation"),
]
