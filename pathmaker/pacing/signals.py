"""What pacing tells the layers above it, which it must not import (the layers contract).

`pace_changed` is sent inside the transaction that changed something a student's projection is computed
from, after the rows are saved: `student_ids` (the students a deadline or an extension concerns; None when
a pacing guide or a school's calendar changed, which concerns every student of the course or school) and
`course_id` (None for a day off). Receivers run in that transaction (`paths` keeps its stored projections
current this way).
"""

from __future__ import annotations

from django.dispatch import Signal

pace_changed = Signal()
