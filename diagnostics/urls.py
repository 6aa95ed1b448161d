from django.urls import path

from . import views

urlpatterns = [
    path("frameworks/", views.framework_list, name="framework_list"),
    path("frameworks/import/", views.framework_import, name="framework_import"),
    path("frameworks/<int:pk>/", views.framework_version, name="framework_version"),
    path("frameworks/<int:pk>/edit/<slug:part>/", views.framework_edit, name="framework_edit"),
    path("frameworks/<int:pk>/publish/", views.framework_publish, name="framework_publish"),
    path(
        "frameworks/<int:pk>/new-version/",
        views.framework_new_version,
        name="framework_new_version",
    ),
    path("frameworks/<int:pk>/export/", views.framework_export, name="framework_export"),
    path("diagnostics/", views.diagnostic_list, name="diagnostic_list"),
    path("diagnostics/<int:pk>/", views.diagnostic_fill, name="diagnostic_fill"),
    path(
        "diagnostics/<int:pk>/answer/<int:criterion_pk>/",
        views.diagnostic_answer,
        name="diagnostic_answer",
    ),
    path(
        "diagnostics/<int:pk>/evidence/<int:criterion_pk>/",
        views.diagnostic_evidence,
        name="diagnostic_evidence",
    ),
    path(
        "diagnostics/<int:pk>/evidence/<int:criterion_pk>/download/",
        views.evidence_download,
        name="evidence_download",
    ),
    path("diagnostics/<int:pk>/submit/", views.diagnostic_submit, name="diagnostic_submit"),
    path("diagnostics/<int:pk>/results/", views.diagnostic_results, name="diagnostic_results"),
    path("diagnostics/<int:pk>/review/", views.diagnostic_review, name="diagnostic_review"),
    path(
        "diagnostics/<int:pk>/note/<int:criterion_pk>/",
        views.diagnostic_annotate,
        name="diagnostic_annotate",
    ),
    path(
        "diagnostics/<int:pk>/action/<int:criterion_pk>/",
        views.diagnostic_action,
        name="diagnostic_action",
    ),
    path(
        "diagnostics/<int:pk>/build-plan/",
        views.diagnostic_build_plan,
        name="diagnostic_build_plan",
    ),
    path("diagnostics/<int:pk>/report/", views.diagnostic_report, name="diagnostic_report"),
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/export.xlsx", views.campaign_export, name="campaign_export"),
]
