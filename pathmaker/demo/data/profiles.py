"""What the demo student wrote on their profile over the autumn, and the adults' notes about them."""

from __future__ import annotations

# (section key, days before today, the student's words); a key twice keeps the earlier words as history.
WORDS = [
    ("about_me", 80, "I'm the oldest of three, so I'm used to explaining things. I like drawing and soccer."),
    (
        "about_me",
        12,
        "I'm the oldest of three, so I'm used to explaining things to my brothers. I draw comics "
        "and play midfield for the school team. I want teachers to know I do my best thinking "
        "when I can talk an idea through first.",
    ),
    (
        "strengths",
        75,
        "Drawing diagrams, explaining my thinking out loud, and not giving up on a hard puzzle.",
    ),
    ("needs", 75, "Long reading assignments: I lose track. It helps when I can take notes in a chart."),
    (
        "needs",
        20,
        "Long reading assignments are getting easier with my two-column notes. Fractions with "
        "unlike denominators still trip me up.",
    ),
    ("interests", 70, "Comics, soccer tactics, how bridges hold weight, and cooking with my grandmother."),
    ("aspirations_personal", 60, "Be someone my brothers can ask for help. Finish a 40-page comic."),
    ("aspirations_career", 60, "Civil engineer or an animator. Maybe both: designing bridges in games?"),
    (
        "learning_preferences",
        55,
        "With a partner, with something to sketch on, and with a worked example first.",
    ),
]


NOTES = [
    ("advisor", 50, "Set up two-column reading notes together; check in again after the first novel unit."),
    ("teacher", 30, "Explained the ratio table to the whole group today: clear and patient."),
    ("advisor", 8, "Ready to lead the fall conference. Practised the opening with me; strong start."),
]
