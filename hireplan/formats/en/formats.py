# Hireplan's one date format, for the UI and the brief: "4 Jan 2027" (hireplan/engine/text.py's
# `day` writes the same in the engine's own text). Django reads these for `{{ value|date }}`.
DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
MONTH_DAY_FORMAT = "j M"
YEAR_MONTH_FORMAT = "M Y"
