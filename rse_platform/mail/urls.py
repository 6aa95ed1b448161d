"""The demo's outbox, mounted under /admin/ (see views)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.outbox, name="mail_outbox"),
    path("<int:pk>/", views.outbox_message, name="mail_outbox_message"),
    path("<int:pk>/html/", views.outbox_message_html, name="mail_outbox_message_html"),
]
