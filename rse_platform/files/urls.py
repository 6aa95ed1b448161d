"""Generated documents under /<tenant-slug>/; every view checks the kind's permission on the
document's subject (see views)."""

from django.urls import path

from . import views

urlpatterns = [
    path("documents/<int:pk>/", views.document_status, name="document_status"),
    path("documents/<int:pk>/download/", views.document_download, name="document_download"),
    path("documents/<int:pk>/retry/", views.document_retry, name="document_retry"),
]
