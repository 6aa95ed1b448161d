"""The role matrix: for every route of a tenant, the answer each persona gets.

``ROUTES`` is the one table that says it. Each row names the kind of object that fills the URL
(built from the seeded demo by ``tests/conftest.py``: side A is the demo leader's company, which
the demo consultant follows, and a club the leader is in, which that consultant facilitates;
side B is a company and a club of neither) and the status each persona gets:

    mgr   a manager of the tenant (side A)
    c+    the consultant, on the objects of a company they follow / a club they facilitate (A)
    c-    the same consultant, on another company's / club's objects (B)
    jury  a jury member (A)
    aud   an auditor of a certification body (A); a row that says nothing (None) expects what
          the jury member gets
    m+    a company leader, on their own company's / club's objects (A)
    m-    the same leader, on another company's / club's objects (B)
    ex-c  a former consultant of A, now a leader of company B: the old role gave nothing that
          lasts (A)
    gone  a person whose role here was withdrawn; they keep a role in the other tenant (A)
    out   a manager of another tenant (A)

A route answers GET unless a manager's GET gets 405: then the row is about POST, and 200 means
the view ran (a redirect, a form shown again, an error message: anything but 403, 404, 405 or a
server error). A refused request (403/404) must write nothing, and on a GET route the same
persona's POST is refused the same way. Every tenant route needs a row: a new view fails here
until its row says who may use it. Rows named ``route:variant`` check one more object kind.
"""

from typing import NamedTuple

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import PDF
from tests.routes import send, tenant_routes


class R(NamedTuple):
    object: str | None
    mgr: int
    c_assigned: int
    c_other: int
    jury: int
    m_own: int
    m_other: int
    ex_consultant: int
    withdrawn: int
    other_tenant: int
    auditor: int | None = None


# Which persona asks, about which side's object.
COLUMNS = {
    "mgr": ("manager", "A"),
    "c_assigned": ("consultant", "A"),
    "c_other": ("consultant", "B"),
    "jury": ("jury", "A"),
    "m_own": ("member", "A"),
    "m_other": ("member", "B"),
    "ex_consultant": ("former_consultant", "A"),
    "withdrawn": ("withdrawn", "A"),
    "other_tenant": ("other_tenant_manager", "A"),
    "auditor": ("auditor", "A"),
}

# fmt: off
ROUTES = {
    # route                       object            mgr  c+   c-   jury m+   m-   ex-c gone out
    # --- tenant: people and invitations
    "tenant_home":                R(None,           200, 200, 200, 200, 200, 200, 200, 404, 404),
    "tenant_logo":                R("logo",         200, 200, 200, 200, 200, 200, 200, 404, 404),
    "tenant_theme":               R(None,           200, 200, 200, 200, 200, 200, 200, 404, 404),
    "tenant_branding":            R(None,           200, 403, 403, 403, 403, 403, 403, 404, 404),
    "members":                    R(None,           200, 403, 403, 403, 403, 403, 403, 404, 404),
    "invite":                     R(None,           200, 403, 403, 403, 403, 403, 403, 404, 404),
    "remove_member":              R("membership",   200, 403, 403, 403, 403, 403, 403, 404, 404),
    "change_role":                R("membership",   200, 403, 403, 403, 403, 403, 403, 404, 404),
    "resend_invitation":          R("invitation",   200, 403, 403, 403, 403, 403, 403, 404, 404),
    "revoke_invitation":          R("invitation",   200, 403, 403, 403, 403, 403, 403, 404, 404),
    # --- generated documents: whoever may see the subject (a diagnostic; a programme)
    "document_status":            R("document",     200, 200, 404, 404, 200, 404, 404, 404, 404),
    "document_download":          R("document",     200, 200, 404, 404, 200, 404, 404, 404, 404),
    "document_download:funder":   R("funder_document", 200, 404, 404, 404, 404, 404, 404, 404, 404),
    "document_retry":             R("document",     200, 200, 404, 404, 200, 404, 404, 404, 404),
    # --- companies
    "company_list":               R(None,           200, 200, 200, 403, 403, 403, 403, 404, 404),
    "company_create":             R(None,           200, 403, 403, 403, 403, 403, 403, 404, 404),
    "company_bulk":               R(None,           200, 403, 403, 403, 403, 403, 403, 404, 404),
    "my_company":                 R(None,           403, 403, 403, 403, 302, 302, 302, 404, 404),
    "company_profile":            R("company",      403, 403, 403, 403, 200, 404, 404, 404, 404),
    "company_export":             R("export",       200, 403, 403, 403, 403, 403, 403, 404, 404),
    "company_export_xlsx":        R(None,           200, 403, 403, 403, 403, 403, 403, 404, 404),
    "company_import":             R(None,           200, 403, 403, 403, 403, 403, 403, 404, 404),
    "company_import_preview":     R("import",       200, 403, 403, 403, 403, 403, 403, 404, 404),
    "company_detail":             R("company",      200, 200, 404, 403, 200, 404, 404, 404, 404),
    "company_edit":               R("company",      200, 403, 403, 403, 403, 403, 403, 404, 404),
    "company_link_person":        R("company",      200, 403, 403, 403, 403, 403, 403, 404, 404),
    "company_assign_consultant":  R("company",      200, 403, 403, 403, 403, 403, 403, 404, 404),
    "company_exclude":            R("company",      200, 403, 403, 403, 403, 403, 403, 404, 404),
    "exclusion_lift":             R("exclusion",    200, 403, 403, 403, 403, 403, 403, 404, 404),
    # --- programmes and the charter
    "dashboard":                  R(None,           200, 403, 403, 403, 403, 403, 403, 404, 404),
    "company_enrol":              R("company",      200, 403, 403, 403, 403, 403, 403, 404, 404),
    "programme_list":             R(None,           200, 403, 403, 403, 403, 403, 403, 404, 404),
    "programme_create":           R(None,           200, 403, 403, 403, 403, 403, 403, 404, 404),
    "programme_edit":             R("programme",    200, 403, 403, 403, 403, 403, 403, 404, 404),
    "funder_report_xlsx":         R("programme",    200, 403, 403, 403, 403, 403, 403, 404, 404),
    "funder_report_request":      R("programme",    200, 403, 403, 403, 403, 403, 403, 404, 404),
    "charter":                    R(None,           200, 200, 200, 200, 200, 200, 200, 404, 404),
    "charter_publish":            R(None,           200, 403, 403, 403, 403, 403, 403, 404, 404),
    # Companies sign through their own people, never through the programme team.
    "charter_sign":               R("company",      403, 403, 403, 403, 200, 404, 404, 404, 404),
    # --- clubs and events: a members-only event is for its club's members, facilitators, staff
    "event_calendar":             R(None,           200, 200, 200, 403, 200, 200, 200, 404, 404),
    "event_list":                 R(None,           200, 200, 200, 403, 200, 200, 200, 404, 404),
    "event_create":               R(None,           200, 403, 403, 403, 403, 403, 403, 404, 404),
    "event_detail":               R("event",        200, 200, 404, 403, 200, 404, 404, 404, 404),
    "event_detail:open_event":    R("open_event",   200, 200, 200, 403, 200, 200, 200, 404, 404),
    "event_ics":                  R("event",        200, 200, 404, 403, 200, 404, 404, 404, 404),
    "event_edit":                 R("event",        200, 403, 403, 403, 403, 403, 403, 404, 404),
    "event_publish":              R("event",        200, 403, 403, 403, 403, 403, 403, 404, 404),
    "event_cancel":               R("event",        200, 403, 403, 403, 403, 403, 403, 404, 404),
    "event_register":             R("event",        200, 200, 404, 403, 200, 404, 404, 404, 404),
    # Only a person with a seat has one to give back: the others' 404 says "no seat of yours".
    "event_unregister":           R("event",        404, 404, 404, 403, 200, 404, 404, 404, 404),
    "event_excuse":               R("event",        200, 200, 404, 403, 200, 404, 404, 404, 404),
    "event_register_someone":     R("event",        200, 403, 403, 403, 403, 403, 403, 404, 404),
    "event_check_in":             R("event",        200, 200, 404, 403, 403, 404, 404, 404, 404),
    "event_no_shows":             R("event",        200, 200, 404, 403, 403, 404, 404, 404, 404),
    "event_survey":               R("event",        200, 200, 404, 403, 200, 404, 404, 404, 404),
    "event_topics":               R("event",        200, 403, 403, 403, 403, 403, 403, 404, 404),
    "event_document_add":         R("event",        200, 403, 403, 403, 403, 403, 403, 404, 404),
    "event_document":             R("event_document", 200, 200, 404, 403, 200, 404, 404, 404, 404),
    "registration_cancel":        R("registration", 200, 403, 403, 403, 403, 403, 403, 404, 404),
    "registration_attendance":    R("registration", 200, 200, 404, 403, 403, 404, 404, 404, 404),
    "registration_excuse":        R("registration", 200, 200, 404, 403, 403, 404, 404, 404, 404),
    "club_list":                  R(None,           200, 200, 200, 403, 200, 200, 200, 404, 404),
    "club_create":                R(None,           200, 403, 403, 403, 403, 403, 403, 404, 404),
    "club_figures":               R(None,           200, 403, 403, 403, 403, 403, 403, 404, 404),
    # Anyone may look a club up (to ask to join); its members-only events are not listed there.
    "club_detail":                R("club",         200, 200, 200, 403, 200, 200, 200, 404, 404),
    "club_edit":                  R("club",         200, 403, 403, 403, 403, 403, 403, 404, 404),
    # Each participant's days attended: the programme team and the club's facilitator.
    "club_completion":            R("club",         200, 200, 403, 403, 403, 403, 403, 404, 404),
    "club_join":                  R("club",         200, 200, 200, 403, 200, 200, 200, 404, 404),
    "club_member_add":            R("club",         200, 403, 403, 403, 403, 403, 403, 404, 404),
    "club_member_accept":         R("club_member",  200, 403, 403, 403, 403, 403, 403, 404, 404),
    "club_member_remove":         R("club_member",  200, 403, 403, 403, 403, 403, 403, 404, 404),
    "club_feed_regenerate":       R("club",         200, 200, 404, 403, 200, 404, 404, 404, 404),
    "my_feed_regenerate":         R(None,           200, 200, 200, 403, 200, 200, 200, 404, 404),
    # Calendar feeds have no session: the token is the key, and the feed answers for its owner
    # (the demo leader, in club A) as they stand now, whoever fetches it.
    "my_calendar_feed":           R("personal_feed", 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "club_feed":                  R("club_feed",    200, 200, 200, 200, 200, 200, 200, 200, 200),
    # --- frameworks, self-assessments and campaigns
    "framework_list":             R(None,           200, 403, 403, 403, 403, 403, 403, 404, 404),
    "framework_import":           R(None,           200, 403, 403, 403, 403, 403, 403, 404, 404),
    "framework_version":          R("version",      200, 403, 403, 403, 403, 403, 403, 404, 404),
    "framework_edit":             R("version",      200, 403, 403, 403, 403, 403, 403, 404, 404),
    "framework_publish":          R("version",      200, 403, 403, 403, 403, 403, 403, 404, 404),
    "framework_new_version":      R("version",      200, 403, 403, 403, 403, 403, 403, 404, 404),
    "framework_export":           R("version",      200, 403, 403, 403, 403, 403, 403, 404, 404),
    "diagnostic_list":            R(None,           200, 200, 200, 403, 200, 200, 200, 404, 404),
    "diagnostic_fill":            R("draft",        200, 200, 404, 403, 200, 404, 404, 404, 404),
    "diagnostic_answer":          R("draft",        200, 200, 404, 403, 200, 404, 404, 404, 404),
    "diagnostic_evidence":        R("draft",        200, 200, 404, 403, 200, 404, 404, 404, 404),
    "evidence_download":          R("evidence",     200, 200, 404, 403, 200, 404, 404, 404, 404),
    "diagnostic_submit":          R("draft",        200, 200, 404, 403, 200, 404, 404, 404, 404),
    "diagnostic_results":         R("submitted",    200, 200, 404, 403, 200, 404, 404, 404, 404),
    "diagnostic_review":          R("submitted",    200, 200, 404, 403, 403, 403, 403, 404, 404),
    "diagnostic_annotate":        R("submitted",    200, 200, 404, 403, 403, 403, 403, 404, 404),
    "diagnostic_action":          R("submitted",    200, 200, 404, 403, 200, 404, 404, 404, 404),
    "diagnostic_report":          R("submitted",    200, 200, 404, 403, 200, 404, 404, 404, 404),
    "campaign_list":              R(None,           200, 403, 403, 403, 403, 403, 403, 404, 404),
    "campaign_detail":            R("campaign",     200, 403, 403, 403, 403, 403, 403, 404, 404),
    "campaign_export":            R("campaign",     200, 403, 403, 403, 403, 403, 403, 404, 404),
    # --- action plans: seen by whoever may open the company, written by its people, its
    # consultants and the programme team; a leader goes from the list to their own plan (302)
    "plan_list":                  R(None,           200, 200, 200, 403, 302, 302, 302, 404, 404),
    "plan_settings":              R(None,           200, 403, 403, 403, 403, 403, 403, 404, 404),
    "plan_create":                R("company_pk",   200, 200, 404, 403, 200, 404, 404, 404, 404),
    "plan_detail":                R("plan",         200, 200, 404, 403, 200, 404, 404, 404, 404),
    "plan_edit":                  R("plan",         200, 200, 404, 403, 200, 404, 404, 404, 404),
    "plan_start":                 R("plan",         200, 200, 404, 403, 200, 404, 404, 404, 404),
    "plan_board":                 R("plan",         200, 200, 404, 403, 200, 404, 404, 404, 404),
    "action_create":              R("plan",         200, 200, 404, 403, 200, 404, 404, 404, 404),
    "action_detail":              R("action",       200, 200, 404, 403, 200, 404, 404, 404, 404),
    "action_move":                R("action",       200, 200, 404, 403, 200, 404, 404, 404, 404),
    "action_comment":             R("action",       200, 200, 404, 403, 200, 404, 404, 404, 404),
    "action_attach":              R("action",       200, 200, 404, 403, 200, 404, 404, 404, 404),
    "action_attachment":          R("attachment",   200, 200, 404, 403, 200, 404, 404, 404, 404),
    "indicator_create":           R("plan",         200, 200, 404, 403, 200, 404, 404, 404, 404),
    "indicator_detail":           R("indicator",    200, 200, 404, 403, 200, 404, 404, 404, 404),
    "diagnostic_build_plan":      R("submitted",    200, 200, 404, 403, 200, 404, 404, 404, 404),
    # --- missions: set up by the programme team, met by the consultant who follows the company
    "mission_list":               R(None,           200, 200, 200, 403, 200, 200, 200, 404, 404),
    "companies_unassigned":       R(None,           200, 403, 403, 403, 403, 403, 403, 404, 404),
    "mission_create":             R("company_pk",   200, 403, 403, 403, 403, 403, 403, 404, 404),
    "mission_detail":             R("mission",      200, 200, 404, 403, 200, 404, 404, 404, 404),
    "mission_end":                R("mission",      200, 403, 403, 403, 403, 403, 403, 404, 404),
    "meeting_create":             R("mission",      200, 200, 404, 403, 403, 403, 403, 404, 404),
    # --- the programme's support overview and the plans' reviews
    "support_overview":           R(None,           200, 403, 403, 403, 403, 403, 403, 404, 404),
    "support_export":             R(None,           200, 403, 403, 403, 403, 403, 403, 404, 404),
    "review_create":              R("plan",         200, 200, 404, 403, 403, 403, 403, 404, 404),
    "review_detail":              R("review",       200, 200, 404, 403, 200, 404, 404, 404, 404),
    "review_report":              R("review",       200, 200, 404, 403, 200, 404, 404, 404, 404),
    # --- labels: company. Companies apply and write (labels.apply); the application page and its
    # evidence are the company's, the programme team's, its auditor's and its jurors' (404 to the
    # others); the survey answers whoever holds its token; audits are the assigned auditor's.
    "label_catalogue":            R(None,
                                    200, 403, 403, 403, 200, 200, 200, 404, 404, 403),
    "application_start":          R("label_wave",
                                    200, 403, 403, 403, 200, 200, 200, 404, 404, 403),
    "application_detail":         R("label_application",
                                    200, 404, 404, 200, 200, 404, 404, 404, 404, 200),
    "application_assessment":     R("label_application",
                                    200, 403, 403, 403, 200, 404, 404, 404, 404, 403),
    "evidence_upload":            R("label_application",
                                    200, 403, 403, 403, 200, 404, 404, 404, 404, 403),
    "label_evidence_download":    R("label_evidence",
                                    200, 404, 404, 200, 200, 404, 404, 404, 404, 200),
    "application_customers":      R("label_application",
                                    200, 403, 403, 403, 200, 404, 404, 404, 404, 403),
    "application_submit":         R("label_application",
                                    200, 403, 403, 403, 200, 404, 404, 404, 404, 403),
    "certificate_renew":          R("label_certificate",
                                    200, 403, 403, 403, 200, 404, 404, 404, 404, 403),
    "customer_survey":            R("survey_token", 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "audit_list":                 R(None,
                                    403, 403, 403, 403, 403, 403, 403, 404, 404, 200),
    "audit_record":               R("label_application",
                                    403, 403, 403, 403, 403, 403, 403, 404, 404, 200),
    # --- labels: public. A certificate is its company's and the programme team's; a wave's batch
    # the programme team's; the showcase, its feed and the badges answer anyone, signed in or not.
    "certificate_detail":         R("label_certificate",
                                    200, 403, 403, 403, 200, 404, 404, 404, 404, 403),
    "wave_certificates":          R("label_wave",
                                    200, 403, 403, 403, 403, 403, 403, 404, 404, 403),
    "label_showcase":             R(None,           200, 200, 200, 200, 200, 200, 200, 200, 200),
    "label_feed":                 R(None,           200, 200, 200, 200, 200, 200, 200, 200, 200),
    "label_badge":                R("badge",        200, 200, 200, 200, 200, 200, 200, 200, 200),
    # --- labels: manage. The programme team's pages (labels.manage): labels, waves, the jury's
    # assignments, the moves, the deliberation, the certificate; every other role is refused.
    "label_list":                 R(None,
                                    200, 403, 403, 403, 403, 403, 403, 404, 404, 403),
    "label_create":               R(None,
                                    200, 403, 403, 403, 403, 403, 403, 404, 404, 403),
    "label_detail":               R("label",
                                    200, 403, 403, 403, 403, 403, 403, 404, 404, 403),
    "label_edit":                 R("label",
                                    200, 403, 403, 403, 403, 403, 403, 404, 404, 403),
    "wave_create":                R("label",
                                    200, 403, 403, 403, 403, 403, 403, 404, 404, 403),
    "wave_detail":                R("label_wave",
                                    200, 403, 403, 403, 403, 403, 403, 404, 404, 403),
    "wave_edit":                  R("label_wave",
                                    200, 403, 403, 403, 403, 403, 403, 404, 404, 403),
    "wave_jury":                  R("label_wave",
                                    200, 403, 403, 403, 403, 403, 403, 404, 404, 403),
    "application_move":           R("label_application",
                                    200, 403, 403, 403, 403, 403, 403, 404, 404, 403),
    "application_auditor":        R("label_application",
                                    200, 403, 403, 403, 403, 403, 403, 404, 404, 403),
    "application_jurors":         R("label_application",
                                    200, 403, 403, 403, 403, 403, 403, 404, 404, 403),
    "application_deliberation":   R("label_application",
                                    200, 403, 403, 403, 403, 403, 403, 404, 404, 403),
    "application_certify":        R("label_application",
                                    200, 403, 403, 403, 403, 403, 403, 404, 404, 403),
    "certificate_withdraw":       R("label_certificate",
                                    200, 403, 403, 403, 403, 403, 403, 404, 404, 403),
    # --- labels: jury. The jury members' pages (labels.score): only their own assignments (the
    # jury member confirmed their conflicts in the wave; the score is a draft, so amending it
    # sends them to the scoring page: 302).
    "jury_home":                  R(None,
                                    403, 403, 403, 200, 403, 403, 403, 404, 404, 403),
    "jury_conflicts":             R("label_wave",
                                    403, 403, 403, 200, 403, 403, 403, 404, 404, 403),
    "jury_score":                 R("juror_assignment",
                                    403, 403, 403, 200, 403, 403, 403, 404, 404, 403),
    "jury_amend":                 R("jury_score",
                                    403, 403, 403, 302, 403, 403, 403, 404, 404, 403),
    # --- directory: people. Everyone with a role reads the directory (what each person and
    # company chose to show) and writes their own entry; a company's people (and the programme
    # team) edit its listing and ask for support (directory.publish, 404 on another company's);
    # the taxonomy is the programme team's (directory.manage).
    "directory_home":             R(None,           200, 200, 200, 200, 200, 200, 200, 404, 404),
    "directory_people":           R(None,           200, 200, 200, 200, 200, 200, 200, 404, 404),
    "directory_person":           R("dir_person",   200, 200, 200, 200, 200, 200, 200, 404, 404),
    "directory_photo":            R("dir_person",   200, 200, 200, 200, 200, 200, 200, 404, 404),
    "directory_companies":        R(None,           200, 200, 200, 200, 200, 200, 200, 404, 404),
    "directory_company":          R("dir_company",  200, 200, 200, 200, 200, 200, 200, 404, 404),
    "directory_listing":          R("dir_company",  200, 403, 403, 403, 200, 404, 404, 404, 404),
    "directory_consultants":      R(None,           200, 200, 200, 200, 200, 200, 200, 404, 404),
    "directory_my_profile":       R(None,           200, 200, 200, 200, 200, 200, 200, 404, 404),
    "competence_list":            R(None,           200, 403, 403, 403, 403, 403, 403, 404, 404),
    "competence_edit":            R("dir_competence", 200, 403, 403, 403, 403, 403, 403, 404, 404),
    "support_list":               R(None,           200, 403, 403, 403, 200, 200, 200, 404, 404),
    "support_request":            R("dir_company",  200, 403, 403, 403, 200, 404, 404, 404, 404),
    "support_detail":             R("dir_support",  200, 403, 403, 403, 200, 404, 404, 404, 404),
    "search":                     R(None,           200, 200, 200, 200, 200, 200, 200, 404, 404),
    # --- directory: exchange. Everyone with a role reads the published practices, the exchange,
    # the library and the watch, and chooses their weekly digest; a company's people (and the
    # programme team) write practices, offers, answers and thanks for their company
    # (directory.publish: 404 on another company's; the offer's company accepts, closes and
    # thanks); featuring, the library, the news and the improvement report are the programme
    # team's (directory.manage).
    "practice_list":              R(None,
                                    200, 200, 200, 200, 200, 200, 200, 404, 404, 200),
    "practice_create":            R(None,
                                    200, 403, 403, 403, 200, 200, 200, 404, 404, 403),
    "practice_detail":            R("dir_practice",
                                    200, 200, 200, 200, 200, 200, 200, 404, 404, 200),
    "practice_edit":              R("dir_practice",
                                    200, 403, 403, 403, 200, 404, 404, 404, 404, 403),
    "practice_publish":           R("dir_practice",
                                    200, 403, 403, 403, 200, 404, 404, 404, 404, 403),
    "practice_feature":           R("dir_practice",
                                    200, 403, 403, 403, 403, 403, 403, 404, 404, 403),
    "practice_document":          R("dir_practice_document",
                                    200, 200, 200, 200, 200, 200, 200, 404, 404, 200),
    "offer_list":                 R(None,
                                    200, 200, 200, 200, 200, 200, 200, 404, 404, 200),
    "offer_create":               R(None,
                                    200, 403, 403, 403, 200, 200, 200, 404, 404, 403),
    "offer_detail":               R("dir_offer",
                                    200, 200, 200, 200, 200, 200, 200, 404, 404, 200),
    # Another company answers (m-); the offer's own company is told it cannot (a form error).
    "offer_answer":               R("dir_offer",
                                    200, 403, 403, 403, 200, 200, 200, 404, 404, 403),
    "answer_accept":              R("dir_answer",
                                    200, 403, 403, 403, 200, 404, 404, 404, 404, 403),
    "offer_close":                R("dir_offer",
                                    200, 403, 403, 403, 200, 404, 404, 404, 404, 403),
    "offer_thank":                R("dir_offer",
                                    200, 403, 403, 403, 200, 404, 404, 404, 404, 403),
    "resource_list":              R(None,
                                    200, 200, 200, 200, 200, 200, 200, 404, 404, 200),
    "resource_create":            R(None,
                                    200, 403, 403, 403, 403, 403, 403, 404, 404, 403),
    "resource_detail":            R("dir_resource",
                                    200, 200, 200, 200, 200, 200, 200, 404, 404, 200),
    "resource_edit":              R("dir_resource",
                                    200, 403, 403, 403, 403, 403, 403, 404, 404, 403),
    "resource_file":              R("dir_resource",
                                    200, 200, 200, 200, 200, 200, 200, 404, 404, 200),
    "news_list":                  R(None,
                                    200, 200, 200, 200, 200, 200, 200, 404, 404, 200),
    "news_create":                R(None,
                                    200, 403, 403, 403, 403, 403, 403, 404, 404, 403),
    "news_delete":                R("dir_news",
                                    200, 403, 403, 403, 403, 403, 403, 404, 404, 403),
    "watch_settings":             R(None,
                                    200, 200, 200, 200, 200, 200, 200, 404, 404, 200),
    "improvement_report":         R(None,
                                    200, 403, 403, 403, 403, 403, 403, 404, 404, 403),
    "improvement_workshop":       R(None,
                                    200, 403, 403, 403, 403, 403, 403, 404, 404, 403),
}
# fmt: on

# What a POST carries, so that a request that should be refused would really write if let
# through: ``data(world, side)``.
POST_DATA = {
    "change_role": lambda world, side: {"role": "member"},
    "company_edit": lambda world, side: {"name": "Renommée par erreur"},
    "company_link_person": lambda world, side: {
        "user": world.people["member"].email,
        "position": "leader",
    },
    "company_assign_consultant": lambda world, side: {"consultant": world.people["consultant"].pk},
    "company_exclude": lambda world, side: {"reason": "Essai"},
    "diagnostic_answer": lambda world, side: {"comment": "Écrit par une autre entreprise"},
    "diagnostic_evidence": lambda world, side: {
        "evidence": SimpleUploadedFile("preuve.pdf", PDF, "application/pdf")
    },
    "diagnostic_annotate": lambda world, side: {"note": "Note d'un intrus"},
    "diagnostic_review": lambda world, side: {"review_note": "Revue d'un intrus"},
    "event_survey": lambda world, side: {"rating": "5", "comment": "Très bien"},
    "registration_attendance": lambda world, side: {"attended": "1"},
    "event_excuse": lambda world, side: {"excuse": "Retenu par un client"},
    "registration_excuse": lambda world, side: {"excuse": "Malade"},
    "plan_edit": lambda world, side: {"title": "Plan renommé par un intrus", "horizon_months": "6"},
    "action_create": lambda world, side: {"title": "Action d'un intrus", "priority": "2"},
    "action_move": lambda world, side: {"status": "in_progress"},
    "action_comment": lambda world, side: {"body": "Commentaire d'un intrus"},
    "action_attach": lambda world, side: {
        "file": SimpleUploadedFile("intrus.pdf", PDF, "application/pdf")
    },
    "indicator_create": lambda world, side: {"label": "Indicateur d'un intrus", "unit": "t"},
    "meeting_create": lambda world, side: {"held_on": "2026-01-15", "days": "0.5"},
    "mission_end": lambda world, side: {"confirm": "on"},
    "review_create": lambda world, side: {
        "kind": "milestone",
        "held_on": "2026-01-15",
        "summary": "Bilan d'un intrus",
    },
    # --- labels: company
    "application_start": lambda world, side: {"company": world.get("company", side).pk},
    "application_assessment": lambda world, side: {"assessment": "1"},
    "evidence_upload": lambda world, side: {
        "file": SimpleUploadedFile("preuve.pdf", PDF, "application/pdf")
    },
    "application_customers": lambda world, side: {"emails": "client.intrus@exemple.fr"},
    "audit_record": lambda world, side: {"score": "50", "report": "Rapport d'un intrus"},
    # --- labels: manage
    "label_create": lambda world, side: {"name": "Label d'un intrus", "slug": "intrus"},
    "label_edit": lambda world, side: {"name": "Label renommé par un intrus", "slug": "intrus"},
    "wave_create": lambda world, side: {
        "name": "Vague d'un intrus",
        "opens_on": "2026-01-05",
        "closes_on": "2026-02-05",
    },
    "wave_edit": lambda world, side: {
        "name": "Vague renommée par un intrus",
        "opens_on": "2026-01-05",
        "closes_on": "2026-02-05",
    },
    "wave_jury": lambda world, side: {"op": "suggest"},
    "application_move": lambda world, side: {"move-to": "withdrawn", "move-reason": "Intrus"},
    "application_auditor": lambda world, side: {"auditor": world.people["auditor"].pk},
    "application_jurors": lambda world, side: {"op": "add", "juror": world.people["jury"].pk},
    "application_deliberation": lambda world, side: {"rationale": "Décision d'un intrus"},
    "certificate_withdraw": lambda world, side: {"reason": "Retrait par un intrus"},
    # --- labels: jury
    "jury_conflicts": lambda world, side: {f"conflict_{world.get('company', side).pk}": "on"},
    "jury_score": lambda world, side: {
        "action": "submit",
        f"value_{world.get('jury_score').part_id}": "50",
        f"version_{world.get('jury_score').part_id}": "1",
    },
    "jury_amend": lambda world, side: {"value": "10", "reason": "Changé par un intrus"},
    # --- directory: people
    "directory_listing": lambda world, side: {"listed": "on", "description": "Écrit par un intrus"},
    "competence_list": lambda world, side: {"name": "Compétence d'un intrus"},
    "competence_edit": lambda world, side: {"name": "Renommée par un intrus"},
    "support_request": lambda world, side: {"message": "Demande d'un intrus"},
    "support_detail": lambda world, side: {"op": "decline", "reply": "Refus d'un intrus"},
    # --- directory: exchange
    "practice_create": lambda world, side: {
        "company": world.get("company", side).pk,
        "title": "Pratique d'un intrus",
        "what_was_done": "Rien",
    },
    "practice_edit": lambda world, side: {"title": "Renommée par un intrus", "what_was_done": "-"},
    "practice_publish": lambda world, side: {"publish": "0"},
    "practice_feature": lambda world, side: {"featured": "1"},
    "offer_create": lambda world, side: {
        "company": world.get("company", side).pk,
        "kind": "offer",
        "title": "Offre d'un intrus",
        "description": "Rien",
    },
    "offer_answer": lambda world, side: {
        "company": world.get("company", "A").pk,
        "message": "Réponse d'un intrus",
    },
    "offer_close": lambda world, side: {"outcome": "withdrawn"},
    "offer_thank": lambda world, side: {"message": "Merci d'un intrus"},
    "resource_create": lambda world, side: {
        "kind": "link",
        "title": "Ressource d'un intrus",
        "url": "https://exemple.fr/intrus",
        "level": "essential",
        "published": "on",
    },
    "resource_edit": lambda world, side: {
        "title": "Renommée par un intrus",
        "level": "essential",
        "published": "on",
    },
    "news_create": lambda world, side: {"title": "Brève d'un intrus", "body": "Rien"},
    "watch_settings": lambda world, side: {"wants_watch_digest": "on"},
    "improvement_workshop": lambda world, side: {
        "theme": "Environnement",
        "title": "Atelier d'un intrus",
        "club": world.get("club", "A").pk,
    },
}


# The people the view itself answers (the others' 404 comes from the tenant middleware, whatever
# the method: tests/test_isolation.py).
VIEW_DECIDES = {"manager", "consultant", "jury", "member", "former_consultant", "auditor"}


def _matches(expected, status, post_only):
    if post_only and expected == 200:
        return status not in (403, 404, 405) and status < 500
    return status == expected


def test_every_tenant_route_has_a_row():
    routes = set(tenant_routes())
    rows = {key.split(":")[0] for key in ROUTES}
    assert sorted(routes - rows) == [], "routes without a row in ROUTES: say who may use them"
    assert sorted(rows - routes) == [], "rows of ROUTES whose route no longer exists"


def test_each_persona_gets_the_status_of_the_table(world):
    routes = tenant_routes()
    clients = {persona: world.client(persona) for persona, _side in COLUMNS.values()}
    failures = []
    for key, row in sorted(ROUTES.items()):
        route = routes.get(key.split(":")[0])
        if route is not None:  # else the test above fails
            failures += _check(world, clients, key, route, row)
    assert failures == [], "the role matrix is not what the table says:\n" + "\n".join(failures)


def _check(world, clients, key, route, row):
    """The cells of one row that do not hold, as lines of the failure message."""

    def url(side):
        return route.path(world.tenant.slug, world.kwargs(row.object, side))

    try:
        post_only = send(clients["manager"], "get", url("A"))[0].status_code == 405
    except Exception as error:  # an object the table names cannot be built: say which
        return [f"{key}: cannot fill the URL with {row.object!r}: {error!r}"]
    data = POST_DATA.get(route.name, lambda world, side: {})
    method = "post" if post_only else "get"
    failures = []
    for column, (persona, side) in COLUMNS.items():
        expected = getattr(row, column)
        if expected is None:
            expected = row.jury
        response, writes = send(clients[persona], method, url(side), data(world, side))
        status = response.status_code
        if not _matches(expected, status, post_only):
            failures.append(f"{key} {method.upper()} {column}: expected {expected}, got {status}")
        elif expected in (403, 404) and writes:
            failures.append(f"{key} {method.upper()} {column}: {status} but wrote {sorted(writes)}")
        if expected in (403, 404) and not post_only and persona in VIEW_DECIDES:
            response, writes = send(clients[persona], "post", url(side), data(world, side))
            if response.status_code != expected or writes:
                failures.append(
                    f"{key} POST {column}: expected {expected} writing nothing, "
                    f"got {response.status_code}" + (f" writing {sorted(writes)}" if writes else "")
                )
    return failures
