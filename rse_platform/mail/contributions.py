"""What the mailer plugs into the core: beat's per-tenant run retries the failed e-mails, and
a person whose role ends has their unsent e-mails of that tenant cancelled."""

from rse_platform.tenants import registry

from . import services

registry.add_reminder("mail_retry", services.retry_failed)
registry.add_role_end_handler("mail", services.cancel_pending)
