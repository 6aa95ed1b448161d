"""English as en-GB (see the package docstring); Django falls back to its ``en`` module for the
rest (separators: ``1,234.5``)."""

from django.conf.locale.en_GB import formats as en_gb

DATE_FORMAT = "j F Y"  # 28 November 2026
TIME_FORMAT = "H:i"  # 14:30
DATETIME_FORMAT = "j F Y, H:i"  # 28 November 2026, 14:30
YEAR_MONTH_FORMAT = en_gb.YEAR_MONTH_FORMAT  # November 2026
MONTH_DAY_FORMAT = en_gb.MONTH_DAY_FORMAT  # 28 November
SHORT_DATE_FORMAT = en_gb.SHORT_DATE_FORMAT  # 28/11/2026
SHORT_DATETIME_FORMAT = "d/m/Y H:i"  # 28/11/2026 14:30
FIRST_DAY_OF_WEEK = en_gb.FIRST_DAY_OF_WEEK  # Monday
DATE_INPUT_FORMATS = en_gb.DATE_INPUT_FORMATS  # and ISO (Django adds it): <input type="date">
DATETIME_INPUT_FORMATS = en_gb.DATETIME_INPUT_FORMATS
