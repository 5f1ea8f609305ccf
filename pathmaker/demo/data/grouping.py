"""The demo's grouping words: the purposes the demo teacher writes and the station rotation's stations."""

TARGETED_PURPOSE = "Reteach before Friday's check-in: one small group each, with the teacher or a co-teacher."
PEER_PURPOSE = (
    "Peer work on the ratio project: each group spans the levels, so students explain to each other."
)
ROTATION_STATIONS = [
    ("teacher_led", "Small group with me: ratio tables"),
    ("online", "Practice set on the laptops"),
    ("collaborative", "Card sort with a partner"),
]
ROTATION_START = (9, 15)  # hour, minute
ROTATION_MINUTES = 15
