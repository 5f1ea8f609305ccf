"""The demo's flex time: a middle school's five blocks, its rooms and the workshops its teachers offer."""

from __future__ import annotations

import datetime as dt

# (weekday 0-4, starts at, minutes, label)
BLOCKS = [
    (0, dt.time(10, 15), 45, "Monday flex"),
    (1, dt.time(10, 15), 45, "Tuesday flex"),
    (2, dt.time(13, 0), 45, "Wednesday flex"),
    (3, dt.time(10, 15), 45, "Thursday flex"),
    (4, dt.time(13, 0), 45, "Friday flex"),
]

# (name, seats, features)
ROOMS = [
    ("Room 104", 28, []),
    ("Room 106", 26, []),
    ("Room 210", 30, []),
    ("Science lab", 24, ["lab_bench"]),
    ("Computer lab", 30, ["computers"]),
    ("Library", 36, []),
]

THRESHOLD = 3.0

# Intervention workshops, one per competency of the demo teacher's courses (in course order): the title's
# start, its seats, and the level below which it is required (None: not required).
INTERVENTION = [
    ("Clinic", 14, 2.0),
    ("Practice lab", 16, None),
    ("Small-group review", 12, None),
    ("Catch-up", 14, None),
]

# Enrichment workshops led by other teachers of the school: (title, description, seats, room features).
ENRICHMENT = [
    ("Robotics club", "Build and program a small robot with a partner.", 16, ["computers"]),
    ("Math puzzles", "Logic puzzles and games with numbers.", 18, []),
    ("Creative writing", "Write a short story in a week, one scene a day.", 15, []),
]

# Of the enrichment workshops above, the demo student's choices, in rank order.
STUDENT_CHOICES = ["Math puzzles", "Robotics club"]

# Blocks (0-4) the other staff are free in, cycled through the staff list.
AVAILABILITY_PATTERNS = [(0, 1, 2, 3, 4), (0, 2, 4), (1, 3), (0, 1, 3, 4), (2, 3, 4)]
