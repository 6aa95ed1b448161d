from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """A person's role in one tenant; the same person may hold another role elsewhere."""

    MANAGER = "manager", _("Programme manager")
    CONSULTANT = "consultant", _("Consultant")
    JURY = "jury", _("Jury member")
    MEMBER = "member", _("Company member")


ALL_ROLES = frozenset(Role)


# What each role finds on a tenant's home page, before any domain data exists.
ROLE_GUIDES = {
    Role.MANAGER: (
        _("You run this programme: its companies, clubs, grids, labels and directory."),
        [
            _("Invite your colleagues, consultants, jury members and company leaders."),
            _("Register the companies taking part in the programme."),
        ],
    ),
    Role.CONSULTANT: (
        _("You follow the companies the programme team assigns to you."),
        [
            _("Open a company you follow to see its self-assessments and add your notes."),
            _(
                "Action plans and the record of your follow-up meetings and days will arrive "
                "with the action-plans module; the programme team will tell you when."
            ),
        ],
    ),
    Role.JURY: (
        _("You score the label applications assigned to you."),
        [
            _(
                "Nothing to score yet: label applications will be assigned to you here when the "
                "programme opens its first labelling wave."
            ),
            _("Meanwhile you can read the programme's charter."),
        ],
    ),
    Role.MEMBER: (
        _("Your company takes part in this CSR programme."),
        [
            _("Fill in a self-assessment to see where your company stands."),
            _("Register to the clubs' visits and workshops."),
        ],
    ),
}
