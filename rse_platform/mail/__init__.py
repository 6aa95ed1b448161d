"""The platform's one mailer. Every e-mail of every app leaves through ``services.send()``.

The rule
--------
- **Only people who hold a role.** ``send(user=…)`` sends nothing unless the account is active and
  has a ``Membership`` in the tenant *when the e-mail is sent* (checked again before a retry;
  ``cancel_pending`` runs when a role ends). ``send(email=…)`` is only for an address without a
  role yet (a tenant invitation): never pass ``email=user.email`` to skip the check.
- **Once.** The caller names the e-mail with a key; (tenant, key, address) is unique in the
  ``OutgoingMail`` ledger. The row is claimed before the message leaves, so calling twice, a
  retried task or beat firing twice sends one e-mail.
- **Sent means accepted.** The row is marked ``sent`` only when the mail backend accepted the
  message; otherwise it is ``failed`` with the error, logged, and ``retry_failed`` (registered as a
  reminder: beat runs it for each tenant every 15 minutes) sends it again after 10, 20, 40… minutes,
  up to ``settings.MAIL_MAX_ATTEMPTS`` attempts. ``send()`` never raises a backend error.
- **In the person's language.** ``User.language`` (set when they pick a language in the footer;
  French by default); for a bare address, the ``language`` argument. Dates render in that locale.
  The rendered message is stored with the row, so a retry sends exactly the same e-mail.

Keys
----
``<app>.<notice>:<name>=<value>[:…]`` — what the e-mail is about, not who receives it (the
ledger adds the address): ``clubs.confirmation:event=12:round=2``,
``diagnostics.campaign_reminder:invitation=7``, ``tenants.invitation:31:sent2``. Put in it
everything that should make a *new* e-mail (a re-registration's round, a resend's number, a
digest's week); leave out what should not. At most 200 characters.

Templates
---------
``template="<app>/emails/<notice>"`` renders three files: ``<notice>_subject.txt`` (one line),
``<notice>.txt`` (plain text, not escaped; the mailer appends the tenant's name and why the person
receives it) and ``<notice>.html``, which extends ``mail/layout.html`` (tenant name header, the
same footer) and fills ``{% block content %}`` and ``{% block button %}`` with the main link::

    {% block button %}
      {% translate "See the event" as label %}
      {% include "mail/button.html" with url=link label=label %}
    {% endblock button %}

The context has the caller's ``context`` plus ``tenant``, ``recipient`` (the ``User`` or None),
``email``, ``base_url`` (``settings.PUBLIC_BASE_URL``) and ``reason`` (the footer's sentence; to
change it pass a ``gettext_lazy`` string, so it renders in the recipient's language).

An app's ``notifications.py``
-----------------------------
One function per e-mail; it builds the key and the context and calls ``send``. Services queue the
task after their transaction commits; the task (ids only, tenant id first) loads the rows and
calls the notification::

    # clubs/notifications.py
    from rse_platform.mail import services as mail

    def registration_confirmed(*, registration):
        event = registration.event
        return mail.send(
            tenant=event.tenant,
            key=f"clubs.confirmation:event={event.pk}:round={registration.round}",
            template="clubs/emails/confirmation",
            user=registration.user,
            context={"event": event, "link": event_url(event)},
            attachments=[("evenement.ics", ical.calendar_for([event]), "text/calendar")],
        )

    # clubs/services.py, inside register()
    mail.queue(tasks.send_registration_notice, registration.tenant_id, registration.pk, ...)

    # clubs/tasks.py
    @tenant_task(name="clubs.tasks.send_registration_notice")
    def send_registration_notice(tenant, registration_id, ...):
        registration = Registration.objects.filter(pk=registration_id, tenant=tenant).first()
        if registration is not None:
            notifications.registration_confirmed(registration=registration)

``send`` returns the ledger row when it tried to send (``row.is_sent`` tells whether it left) and
``None`` when there was nothing to send; count with ``sent += bool(row and row.is_sent)``.
Attachments are small generated files (an .ics); documents are links to the permission-checked
file views.
"""
