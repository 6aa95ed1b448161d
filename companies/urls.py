from django.urls import path

from . import views

urlpatterns = [
    path("companies/", views.company_list, name="company_list"),
    path("companies/new/", views.company_create, name="company_create"),
    path("companies/bulk/", views.company_bulk, name="company_bulk"),
    path("companies/export.xlsx", views.company_export_xlsx, name="company_export_xlsx"),
    path("companies/export.<str:fmt>", views.company_export, name="company_export"),
    path("companies/import/", views.company_import, name="company_import"),
    path("companies/import/<int:pk>/", views.company_import_preview, name="company_import_preview"),
    path("companies/<int:pk>/", views.company_detail, name="company_detail"),
    path("companies/<int:pk>/edit/", views.company_edit, name="company_edit"),
    path("companies/<int:pk>/profile/", views.company_profile, name="company_profile"),
    path("my-company/", views.my_company, name="my_company"),
    path("companies/<int:pk>/people/", views.company_link_person, name="company_link_person"),
    path(
        "companies/<int:pk>/consultants/",
        views.company_assign_consultant,
        name="company_assign_consultant",
    ),
    path("companies/<int:pk>/exclude/", views.company_exclude, name="company_exclude"),
    path("exclusions/<int:pk>/lift/", views.exclusion_lift, name="exclusion_lift"),
]
