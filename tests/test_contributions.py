"""``manage.py contributions`` makes the apps' wiring into the core readable."""

from io import StringIO

from django.core.management import call_command


def test_it_lists_permissions_by_role_and_what_each_app_plugs_in():
    out = StringIO()
    call_command("contributions", stdout=out)
    text = out.getvalue()
    row = next(line for line in text.splitlines() if line.strip().startswith("companies.view "))
    assert "●" in row and "◐" in row and "○" in row  # managers, granted consultants, own company
    assert "[companies.follow_company]" in row
    assert "company_list" in text  # navigation
    assert "programmes/sections/enrolments.html" in text  # a company-page section
    assert "diagnostics.assessments" in text  # self-assessments as the action plans read them
    assert "action_plans.services" in text  # where a weak criterion's action goes
    assert "rse_platform.mail.services.cancel_pending" in text  # a role-end handler
    assert "Label eligibility conditions" in text
    assert "charter_signed" in text and "positive_final_review" in text
    assert "directory.contributions._support_todos needs directory.manage" in text  # a to-do
    assert "action_plans" in _line(text, "mission starter")
    assert "clubs" in _line(text, "workshop drafter")
    assert "diagnostics" in _line(text, "grid reader")
    assert "topic sources" in text.lower()


def _line(text, start):
    return next(line for line in text.splitlines() if line.strip().startswith(start))
