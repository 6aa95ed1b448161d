"""The certificate check, outside any tenant: the QR code printed on a certificate leads here."""

from django.urls import path

from .views import public

urlpatterns = [
    path("verify/", public.verify, name="certificate_verify_form"),
    path("verify/<str:code>/", public.verify, name="certificate_verify"),
]
