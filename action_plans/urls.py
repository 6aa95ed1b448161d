"""Action plans and missions, under /<tenant-slug>/; every view carries a permission (see the
role matrix test)."""

from django.urls import path

from .views import missions, overview, plans

urlpatterns = [
    # Plans and actions
    path("plans/", plans.plan_list, name="plan_list"),
    path("plans/settings/", plans.plan_settings, name="plan_settings"),
    path("companies/<int:company_pk>/plans/new/", plans.plan_create, name="plan_create"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", plans.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/start/", plans.plan_start, name="plan_start"),
    path("plans/<int:pk>/actions/", plans.plan_board, name="plan_board"),
    path("plans/<int:pk>/actions/new/", plans.action_create, name="action_create"),
    path("actions/<int:pk>/", plans.action_detail, name="action_detail"),
    path("actions/<int:pk>/move/", plans.action_move, name="action_move"),
    path("actions/<int:pk>/comments/", plans.action_comment, name="action_comment"),
    path("actions/<int:pk>/attachments/", plans.action_attach, name="action_attach"),
    path("attachments/<int:pk>/", plans.attachment_download, name="action_attachment"),
    path("plans/<int:pk>/indicators/new/", plans.indicator_create, name="indicator_create"),
    path("indicators/<int:pk>/", plans.indicator_detail, name="indicator_detail"),
    # Missions and meetings
    path("missions/", missions.mission_list, name="mission_list"),
    path("missions/unassigned/", missions.companies_unassigned, name="companies_unassigned"),
    path(
        "companies/<int:company_pk>/missions/new/", missions.mission_create, name="mission_create"
    ),
    path("missions/<int:pk>/", missions.mission_detail, name="mission_detail"),
    path("missions/<int:pk>/end/", missions.mission_end, name="mission_end"),
    path("missions/<int:pk>/meetings/new/", missions.meeting_create, name="meeting_create"),
    # The programme's overview, reviews and their reports
    path("programme/support/", overview.support_overview, name="support_overview"),
    path("programme/support/export/", overview.support_export, name="support_export"),
    path("plans/<int:pk>/reviews/new/", overview.review_create, name="review_create"),
    path("reviews/<int:pk>/", overview.review_detail, name="review_detail"),
    path("reviews/<int:pk>/report/", overview.review_report, name="review_report"),
]
