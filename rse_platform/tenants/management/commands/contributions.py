"""List what each app plugs into the core: the indirection of ``contributions.py`` made readable.

python manage.py contributions
"""

from django.core.management.base import BaseCommand

from rse_platform.tenants import permissions, registry
from rse_platform.tenants.roles import Role


def _origin(func):
    module = getattr(func, "__module__", "") or ""
    return f"{module}.{getattr(func, '__qualname__', repr(func))}"


def _app(module):
    return module.split(".")[0] if not module.startswith("rse_platform.") else module.split(".")[1]


class Command(BaseCommand):
    help = "List the permissions, navigation, panels, reminders and hooks each app contributes."

    def handle(self, *args, **options):
        out = self.stdout.write
        roles = list(Role)
        out("Permissions (● everywhere, ◐ on granted rows, ○ on related rows)")
        width = max(len(name) for name in permissions.rules())
        out("  " + " " * width + "  " + "  ".join(f"{role.value:<10}" for role in roles))
        for name, rule in sorted(permissions.rules().items()):
            cells = []
            for role in roles:
                mark = (
                    "●"
                    if role in rule.roles
                    else "◐"
                    if role in rule.object_roles
                    else "○"
                    if role in rule.row_roles
                    else "·"
                )
                cells.append(f"{mark:<10}")
            extra = f"  [{rule.object_permission}]" if rule.object_permission else ""
            out(f"  {name:<{width}}  " + "  ".join(cells) + extra)
        contributed = registry.contributions()
        out("")
        out("Navigation")
        for item in contributed["navigation"]:
            out(f"  {item.order:>4}  {item.key:<16} → {item.url_name:<22} needs {item.permission}")
        out("")
        out("Home panels")
        for panel in contributed["home panels"]:
            template = f"{panel.template:<44}"
            out(f"  {panel.order:>4}  {panel.key:<16} {template} needs {panel.permission}")
        out("")
        out("To-dos")
        for todo in contributed["to-dos"]:
            out(f"  {todo.order:>4}  {todo.key:<24} {_origin(todo.func)} needs {todo.permission}")
        titles = ("reminders", "timeline sources", "role-end handlers", "activity sources")
        for title in (*titles, "topic sources"):
            out("")
            out(title.capitalize())
            for key, func in sorted(contributed[title].items()):
                out(f"  {key:<24} {_origin(func)}")
        out("")
        out("Between self-assessments and action plans")
        reader = contributed["assessment reader"]
        target = contributed["action target"]
        out(f"  assessment reader        {_origin(reader.detail) if reader else '(none)'}")
        out(f"  action target            {_origin(target) if target else '(none)'}")
        builder = contributed["plan builder"]
        out(f"  plan builder             {_origin(builder) if builder else '(none)'}")
        out("")
        out("Between apps that may not import each other")
        grids = contributed["grid reader"]
        starter = contributed["mission starter"]
        drafter = contributed["workshop drafter"]
        out(f"  grid reader              {_origin(grids.questions) if grids else '(none)'}")
        out(f"  mission starter          {_origin(starter) if starter else '(none)'}")
        out(f"  workshop drafter         {_origin(drafter.draft) if drafter else '(none)'}")
        clubs = contributed["person clubs"]
        out(f"  person's clubs           {_origin(clubs) if clubs else '(none)'}")
        out("")
        out("Label eligibility conditions")
        for key, condition in contributed["eligibility conditions"].items():
            out(f"  {key:<24} {_origin(condition.companies)}")
        out("")
        out("Company register: filters, badges, bulk actions and page sections")
        for company_filter in contributed["company filters"]:
            out(f"  filter   {company_filter.key:<16} {_origin(company_filter.apply)}")
        for badge in contributed["company badges"]:
            out(f"  badge    {badge.key:<16} {_origin(badge.badge)}")
        for action in contributed["company bulk actions"]:
            out(f"  action   {action.key:<16} {_origin(action.apply)} needs {action.permission}")
        for section in contributed["company sections"]:
            out(f"  section  {section.key:<16} {section.template} needs {section.permission}")
