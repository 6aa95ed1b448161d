from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """A person's role in one tenant; the same person may hold another role elsewhere."""

    MANAGER = "manager", _("Programme manager")
    CONSULTANT = "consultant", _("Consultant")
    JURY = "jury", _("Jury member")
    MEMBER = "member", _("Company member")
    AUDITOR = "auditor", _("Auditor")


ALL_ROLES = frozenset(Role)


# What each role finds on a tenant's home page, before any domain data exists.
ROLE_GUIDES = {
    Role.MANAGER: (
        _("You run this programme: its companies, clubs, events and self-assessment grids."),
        [
            _("Invite your colleagues, consultants, jury members and company leaders."),
            _("Register the companies taking part in the programme."),
        ],
    ),
    Role.CONSULTANT: (
        _("You follow the companies the programme team assigns to you."),
        [
            _("Open a company you follow to see its self-assessments and add your notes."),
            _("Review the self-assessments they submit."),
            _("Follow their action plans and record your meetings and the days they took."),
        ],
    ),
    Role.JURY: (
        _("As a jury member, you will score the label applications assigned to you."),
        [_("Meanwhile you can read the programme's charter.")],
    ),
    Role.AUDITOR: (
        _(
            "As an auditor of a certification body, you audit the label applications "
            "assigned to you."
        ),
        [_("Meanwhile you can read the programme's charter.")],
    ),
    Role.MEMBER: (
        _("Your company takes part in this CSR programme."),
        [
            _("Fill in a self-assessment to see where your company stands."),
            _("Register to the clubs' visits and workshops."),
            _("Build your action plan from your weakest themes and follow its actions."),
        ],
    ),
}

# What a role's work needs and the platform does not do yet, said plainly on the home page:
# no link, no date, nothing presented as if it existed.
ROLE_NOT_YET = {
    Role.JURY: _(
        "Label applications, their scoring and the declaration of conflicts of interest are not "
        "in the platform yet, so nothing can be assigned to you here for now. The programme team "
        "will tell you when labelling moves onto the platform."
    ),
    Role.AUDITOR: _(
        "Label applications and their audits are not in the platform yet, so nothing can be "
        "assigned to you here for now. The programme team will tell you when labelling moves "
        "onto the platform."
    ),
    Role.MEMBER: _(
        "Label applications and the competence directory (competences, good practices, service "
        "exchange) are not in the platform yet. The programme team will tell you when they "
        "arrive here."
    ),
}
