"""Labels, under /<tenant-slug>/; every view carries a permission (see the role matrix test),
except the customer survey (a token sent by e-mail) and the public showcase, feed and badge."""

from django.urls import path

from .views import audit, certificates, company, jury, manage, public

urlpatterns = [
    # The programme team: labels, waves, the jury's assignments, decisions
    path("labels/", manage.label_list, name="label_list"),
    path("labels/new/", manage.label_create, name="label_create"),
    path("labels/<int:pk>/", manage.label_detail, name="label_detail"),
    path("labels/<int:pk>/edit/", manage.label_edit, name="label_edit"),
    path("labels/<int:pk>/waves/new/", manage.wave_create, name="wave_create"),
    path("waves/<int:pk>/", manage.wave_detail, name="wave_detail"),
    path("waves/<int:pk>/edit/", manage.wave_edit, name="wave_edit"),
    path("waves/<int:pk>/jury/", manage.wave_jury, name="wave_jury"),
    path("applications/<int:pk>/move/", manage.application_move, name="application_move"),
    path("applications/<int:pk>/auditor/", manage.application_auditor, name="application_auditor"),
    path("applications/<int:pk>/jurors/", manage.application_jurors, name="application_jurors"),
    path(
        "applications/<int:pk>/deliberation/",
        manage.application_deliberation,
        name="application_deliberation",
    ),
    path("applications/<int:pk>/certify/", manage.application_certify, name="application_certify"),
    path(
        "certificates/<int:pk>/withdraw/", manage.certificate_withdraw, name="certificate_withdraw"
    ),
    # Companies: apply, evidence, customers, submit, renew
    path("my-labels/", company.label_catalogue, name="label_catalogue"),
    path("waves/<int:pk>/apply/", company.application_start, name="application_start"),
    path("applications/<int:pk>/", company.application_detail, name="application_detail"),
    path(
        "applications/<int:pk>/assessment/",
        company.application_assessment,
        name="application_assessment",
    ),
    path("applications/<int:pk>/evidence/", company.evidence_upload, name="evidence_upload"),
    # Not "evidence_download": the self-assessments' evidence route has that name already.
    path("evidence/<int:pk>/", company.evidence_download, name="label_evidence_download"),
    path(
        "applications/<int:pk>/customers/",
        company.application_customers,
        name="application_customers",
    ),
    path("applications/<int:pk>/submit/", company.application_submit, name="application_submit"),
    path("certificates/<int:pk>/renew/", company.certificate_renew, name="certificate_renew"),
    path("survey/<str:token>/", company.customer_survey, name="customer_survey"),
    # Auditors
    path("audits/", audit.audit_list, name="audit_list"),
    path("applications/<int:pk>/audit/", audit.audit_record, name="audit_record"),
    # Jurors
    path("jury/", jury.jury_home, name="jury_home"),
    path("jury/waves/<int:pk>/conflicts/", jury.jury_conflicts, name="jury_conflicts"),
    path("jury/assignments/<int:pk>/", jury.jury_score, name="jury_score"),
    path("jury/scores/<int:pk>/amend/", jury.jury_amend, name="jury_amend"),
    # Certificates (rendered on the worker)
    path("certificates/<int:pk>/", certificates.certificate_detail, name="certificate_detail"),
    path("waves/<int:pk>/certificates/", certificates.wave_certificates, name="wave_certificates"),
    # Public: the labelled companies, their feed and badges
    path("labelled/", public.showcase, name="label_showcase"),
    path("labelled.json", public.feed, name="label_feed"),
    path("labelled/<str:code>.svg", public.badge, name="label_badge"),
]
