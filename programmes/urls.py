from django.urls import path

from . import views

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("companies/<int:pk>/enrol/", views.company_enrol, name="company_enrol"),
    path("programmes/", views.programme_list, name="programme_list"),
    path("programmes/new/", views.programme_create, name="programme_create"),
    path("programmes/<int:pk>/edit/", views.programme_edit, name="programme_edit"),
    path("programmes/<int:pk>/report.xlsx", views.funder_report_xlsx, name="funder_report_xlsx"),
    path("programmes/<int:pk>/report/", views.funder_report_request, name="funder_report_request"),
    path("charter/", views.charter, name="charter"),
    path("charter/publish/", views.charter_publish, name="charter_publish"),
    path("charter/sign/<int:pk>/", views.charter_sign, name="charter_sign"),
]
