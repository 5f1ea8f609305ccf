"""The demo's pacing tables: a guide's weeks, the school calendar and what the demo student writes. Data only."""

from __future__ import annotations

# How much of the term each competency of a course's pacing guide takes, relative to the others, in course
# order (repeated for longer courses): the guide spreads the term's school weeks in these shares.
GUIDE_SHARES = [2, 1.5, 2, 3, 2, 1.5, 2.5, 2, 1, 2]

# Days off in the fall: (month, day) fixed dates, and (month, weekday, which one) floating ones
# (weekday 0 = Monday; which 1 = the first), each with its name. Weekend dates are skipped.
FIXED_DAYS_OFF = [
    ((11, 11), "Veterans Day"),
    ((11, 25), "Thanksgiving break"),
    ((11, 27), "Thanksgiving break"),
    ((12, 21), "Winter break"),
    ((12, 22), "Winter break"),
]
FLOATING_DAYS_OFF = [
    ((9, 0, 1), "Labor Day"),
    ((10, 0, 2), "Indigenous Peoples' Day"),
    ((11, 3, 4), "Thanksgiving"),
    ((10, 4, 3), "Teacher workday"),
]

# Hard deadlines the demo teacher sets in each section: (position of the competency in the course, days from
# today). Negative days have passed: each student has met or missed them by their evidence.
HARD_DEADLINES = [(0, -21), (1, -7), (2, 10), (3, 24), (4, 38)]

# The demo student's own targets: the next competencies not yet mastered, this many days from today.
TARGET_DAYS = [12, 30]

EXTENSION_REASON = "I was out sick for most of last week and missed the small-group lesson on this."
EXTENSION_NOTE = "Granted: come to the Tuesday help session and show me the practice set."
OPEN_EXTENSION_REASON = "I have two projects due the same week. Could I have a few more days?"
