"""Clubs and events, under /<tenant-slug>/; every view carries a permission (see tests)."""

from django.urls import path

from . import views

urlpatterns = [
    path("calendar/", views.event_calendar, name="event_calendar"),
    path("calendar/feed/<str:token>.ics", views.my_calendar_feed, name="my_calendar_feed"),
    path("calendar/feed/new/", views.my_feed_regenerate, name="my_feed_regenerate"),
    path("events/", views.event_list, name="event_list"),
    path("events/new/", views.event_create, name="event_create"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("events/<int:pk>/publish/", views.event_publish, name="event_publish"),
    path("events/<int:pk>/cancel/", views.event_cancel, name="event_cancel"),
    path("events/<int:pk>/register/", views.event_register, name="event_register"),
    path("events/<int:pk>/unregister/", views.event_unregister, name="event_unregister"),
    path("events/<int:pk>/excuse/", views.event_excuse, name="event_excuse"),
    path(
        "events/<int:pk>/registrations/add/",
        views.event_register_someone,
        name="event_register_someone",
    ),
    path("events/<int:pk>/event.ics", views.event_ics, name="event_ics"),
    path("events/<int:pk>/check-in/", views.event_check_in, name="event_check_in"),
    path("events/<int:pk>/no-shows/", views.event_no_shows, name="event_no_shows"),
    path("events/<int:pk>/survey/", views.event_survey, name="event_survey"),
    path("events/<int:pk>/topics/", views.event_topics, name="event_topics"),
    path("events/<int:pk>/documents/", views.event_document_add, name="event_document_add"),
    path(
        "events/<int:pk>/documents/<int:document_pk>/",
        views.event_document,
        name="event_document",
    ),
    path("registrations/<int:pk>/cancel/", views.registration_cancel, name="registration_cancel"),
    path(
        "registrations/<int:pk>/attendance/",
        views.registration_attendance,
        name="registration_attendance",
    ),
    path("registrations/<int:pk>/excuse/", views.registration_excuse, name="registration_excuse"),
    path("clubs/", views.club_list, name="club_list"),
    path("clubs/new/", views.club_create, name="club_create"),
    path("clubs/figures/", views.club_figures, name="club_figures"),
    path("clubs/feed/<str:token>.ics", views.club_feed, name="club_feed"),
    path("clubs/<int:pk>/", views.club_detail, name="club_detail"),
    path("clubs/<int:pk>/edit/", views.club_edit, name="club_edit"),
    path("clubs/<int:pk>/completion/", views.club_completion, name="club_completion"),
    path("clubs/<int:pk>/join/", views.club_join, name="club_join"),
    path("clubs/<int:pk>/feed/new/", views.club_feed_regenerate, name="club_feed_regenerate"),
    path("clubs/<int:pk>/members/add/", views.club_member_add, name="club_member_add"),
    path("club-members/<int:pk>/accept/", views.club_member_accept, name="club_member_accept"),
    path("club-members/<int:pk>/remove/", views.club_member_remove, name="club_member_remove"),
]
