"""What mastery tells the layers above it, which it must not import (the layers contract).

`level_changed` is sent inside the transaction that wrote a student's summary for one competency (a new
score, a correction or withdrawal, an override, an open request), after the row is saved, with
`student_id` and `competency_id`. Receivers run in that transaction: what they write commits or rolls
back with the level (`paths` keeps its stored plans and recommendations current this way). A district
recompute (`recompute.py`) writes in bulk and sends `levels_recomputed` once, when it has written, with
`competency_ids` (None: all).
"""

from __future__ import annotations

from django.dispatch import Signal

level_changed = Signal()
levels_recomputed = Signal()
