"""Profiles: the learner profile: the district's and schools' sections, the student's dated words,
staff notes, advisorship assignment, readiness, mastery across years; the page that draws every part
(each app declares its parts in its `profile_part.py`, found by `parts.py`); who may do what with a
profile (`access.py`)."""
