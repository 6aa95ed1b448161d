"""The platform's date and number formats per language (``FORMAT_MODULE_PATH``).

French uses Django's own ``fr`` formats (fr-FR). English is British (en-GB): day before month,
``28 November 2026`` and ``28/11/2026``, 24-hour times, weeks from Monday — the UI's English is
for readers in Europe, never month-first.
"""
