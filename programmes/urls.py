from django.urls import path

from . import views

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("companies/", views.company_list, name="company_list"),
    path("companies/new/", views.company_create, name="company_create"),
    path("companies/export.<str:fmt>", views.company_export, name="company_export"),
    path("companies/import/", views.company_import, name="company_import"),
    path("companies/import/<int:pk>/", views.company_import_preview, name="company_import_preview"),
    path("companies/<int:pk>/", views.company_detail, name="company_detail"),
    path("companies/<int:pk>/edit/", views.company_edit, name="company_edit"),
    path("companies/<int:pk>/enrol/", views.company_enrol, name="company_enrol"),
    path("companies/<int:pk>/people/", views.company_link_person, name="company_link_person"),
    path("companies/<int:pk>/exclude/", views.company_exclude, name="company_exclude"),
    path("exclusions/<int:pk>/lift/", views.exclusion_lift, name="exclusion_lift"),
    path("programmes/", views.programme_list, name="programme_list"),
    path("programmes/new/", views.programme_create, name="programme_create"),
    path("programmes/<int:pk>/edit/", views.programme_edit, name="programme_edit"),
    path("programmes/<int:pk>/report.xlsx", views.funder_report_xlsx, name="funder_report_xlsx"),
    path("programmes/<int:pk>/report/", views.funder_report_request, name="funder_report_request"),
    path("reports/<int:pk>/", views.funder_report_status, name="funder_report_status"),
    path("reports/<int:pk>/download/", views.funder_report_download, name="funder_report_download"),
    path("charter/", views.charter, name="charter"),
    path("charter/publish/", views.charter_publish, name="charter_publish"),
    path("charter/sign/<int:pk>/", views.charter_sign, name="charter_sign"),
]
