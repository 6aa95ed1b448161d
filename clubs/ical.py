"""iCalendar (RFC 5545) rendering of events, with the icalendar library."""

from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as VEvent

PRODID = "-//Plateforme RSE//Clubs//FR"


def uid(event):
    return f"event-{event.pk}@{event.tenant_id}.plateforme-rse"


def calendar_for(events, *, name, base_url="", url_for=None):
    """A VCALENDAR holding ``events``; ``url_for(event)`` gives each event's page address."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Paris")
    stamp = timezone.now()
    for event in events:
        entry = VEvent()
        entry.add("uid", uid(event))
        entry.add("dtstamp", stamp)
        entry.add("dtstart", event.starts_at)
        entry.add("dtend", event.ends_at)
        entry.add("summary", event.title)
        if event.place:
            entry.add("location", event.place)
        description = "\n\n".join(part for part in (event.theme, event.description) if part)
        if description:
            entry.add("description", description)
        link = url_for(event) if url_for else base_url
        if link:
            entry.add("url", link)
        entry.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
        calendar.add_component(entry)
    return calendar.to_ical()
