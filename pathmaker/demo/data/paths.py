"""The demo's words for plans and playlists (pure data: no Django)."""

from __future__ import annotations

# The teacher's reason when they move a competency up for the demo student (shown on the plan).
TEACHER_MOVE_REASON = "We start the bridge project next week and it needs this one."

# How many library resources the demo puts on each playlist, and how many classmates get the section's
# assigned playlist.
STEPS_PER_PLAYLIST = 3
CLASSMATES_ASSIGNED = 8
