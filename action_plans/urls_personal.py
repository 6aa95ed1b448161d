"""A consultant's page across every tenant where they hold the consultant role (outside any
tenant's address: each block still reads one tenant's rows, in that tenant's scope)."""

from django.urls import path

from .views import missions

urlpatterns = [
    path("my-missions/", missions.my_missions, name="my_missions"),
]
