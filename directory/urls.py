"""The network's knowledge, under /<tenant-slug>/; every view carries a permission (see the role
matrix test)."""

from django.urls import path

from .views import exchange, library, people, report, search

urlpatterns = [
    # The directory: people, companies, consultants, competences, one's own entry
    path("directory/", people.directory_home, name="directory_home"),
    path("directory/people/", people.people_list, name="directory_people"),
    path("directory/people/<int:pk>/", people.person_detail, name="directory_person"),
    path("directory/people/<int:pk>/photo/", people.person_photo, name="directory_photo"),
    path("directory/companies/", people.company_list, name="directory_companies"),
    path("directory/companies/<int:pk>/", people.company_detail, name="directory_company"),
    path("directory/companies/<int:pk>/listing/", people.company_listing, name="directory_listing"),
    path("directory/consultants/", people.consultant_list, name="directory_consultants"),
    path("directory/me/", people.my_profile, name="directory_my_profile"),
    path("directory/competences/", people.competence_list, name="competence_list"),
    path("directory/competences/<int:pk>/", people.competence_edit, name="competence_edit"),
    path("directory/support/", people.support_list, name="support_list"),
    path(
        "directory/companies/<int:pk>/support/new/",
        people.support_request,
        name="support_request",
    ),
    path("directory/support/<int:pk>/", people.support_detail, name="support_detail"),
    # Good practices
    path("practices/", exchange.practice_list, name="practice_list"),
    path("practices/new/", exchange.practice_create, name="practice_create"),
    path("practices/<int:pk>/", exchange.practice_detail, name="practice_detail"),
    path("practices/<int:pk>/edit/", exchange.practice_edit, name="practice_edit"),
    path("practices/<int:pk>/publish/", exchange.practice_publish, name="practice_publish"),
    path("practices/<int:pk>/feature/", exchange.practice_feature, name="practice_feature"),
    path("practice-documents/<int:pk>/", exchange.practice_document, name="practice_document"),
    # The service exchange
    path("exchange/", exchange.offer_list, name="offer_list"),
    path("exchange/new/", exchange.offer_create, name="offer_create"),
    path("exchange/<int:pk>/", exchange.offer_detail, name="offer_detail"),
    path("exchange/<int:pk>/answer/", exchange.offer_answer, name="offer_answer"),
    path("exchange/answers/<int:pk>/accept/", exchange.answer_accept, name="answer_accept"),
    path("exchange/<int:pk>/close/", exchange.offer_close, name="offer_close"),
    path("exchange/<int:pk>/thanks/", exchange.offer_thank, name="offer_thank"),
    # Resources and watch
    path("resources/", library.resource_list, name="resource_list"),
    path("resources/new/", library.resource_create, name="resource_create"),
    path("resources/<int:pk>/", library.resource_detail, name="resource_detail"),
    path("resources/<int:pk>/edit/", library.resource_edit, name="resource_edit"),
    path("resources/<int:pk>/file/", library.resource_file, name="resource_file"),
    path("news/", library.news_list, name="news_list"),
    path("news/new/", library.news_create, name="news_create"),
    path("news/<int:pk>/delete/", library.news_delete, name="news_delete"),
    path("news/settings/", library.watch_settings, name="watch_settings"),
    # Where the network should improve
    path("programme/improvement/", report.improvement_report, name="improvement_report"),
    path("programme/improvement/workshop/", report.workshop_draft, name="improvement_workshop"),
    # Search
    path("search/", search.search_page, name="search"),
]
