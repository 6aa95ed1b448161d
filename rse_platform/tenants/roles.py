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
        _(
            "You run this programme: its companies, clubs, events, self-assessment grids, "
            "labels and network."
        ),
        [
            _("Invite your colleagues, consultants, jury members, auditors and company leaders."),
            _("Register the companies taking part in the programme."),
            _("Define your labels and open their waves: jurors and auditors then get their work."),
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
        _("As a jury member, you score the label applications assigned to you, independently."),
        [
            _("First declare your conflicts of interest with each wave's applicants."),
            _("Score each part with a comment: you see the other jurors' scores once you submit."),
            _("A submitted score is changed only with a reason, kept in the history."),
        ],
    ),
    Role.AUDITOR: (
        _(
            "As an auditor of a certification body, you audit the label applications "
            "assigned to you."
        ),
        [
            _("Open Audits to see the applications assigned to you here."),
            _("Record each audit's score and report once its application reaches the audit stage."),
        ],
    ),
    Role.MEMBER: (
        _("Your company takes part in this CSR programme."),
        [
            _("Fill in a self-assessment to see where your company stands."),
            _("Register to the clubs' visits and workshops."),
            _("Build your action plan from your weakest themes and follow its actions."),
            _("Apply for a label when the programme team opens a wave, under Labels."),
            _("Appear in the directory and find the network's competences under Network."),
        ],
    ),
}

# What a role's work needs and the platform does not do yet, said plainly on the home page:
# no link, no date, nothing presented as if it existed. Nothing is missing for any role now.
ROLE_NOT_YET = {}
