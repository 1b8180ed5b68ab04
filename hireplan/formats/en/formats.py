# Hireplan's one date format, for the UI, the brief and the emails: "4 Jan 2027", and with the
# time "4 Jan 2027, 14:05" (hireplan/engine/text.py's `day` writes the same in the engine's own
# text). Django reads these for `{{ value|date }}`, `|date:"DATETIME_FORMAT"`, `|time` and
# `{% now "TIME_FORMAT" %}`; templates name a format, never spell one out
# (tests/test_small_things.py checks). Machine-readable `datetime` attributes use "c".
DATE_FORMAT = "j M Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = f"{DATE_FORMAT}, {TIME_FORMAT}"
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
MONTH_DAY_FORMAT = "j M"
YEAR_MONTH_FORMAT = "M Y"
