"""English as the portal writes it: British dates that no reader can take for American ones.

Django's ``en`` writes "Sept. 1, 2021" and, short, "09/01/2021" – the 9th of January to a European reader.
Here a date is "1 September 2021", short "1 Sep 2021" (a month name is never ambiguous), times on the 24-hour
clock as in German. Numbers stay English (1,000.5); German editorial text keeps its German numbers through the
``content_number`` filter (regionportal.templatetags.portal). Settings not named here are Django's ``en`` ones.
"""

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

# Typed dates: ISO first (what date fields show), day before month – never the American month/day/year.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d %b %Y", "%d %B %Y"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
]
