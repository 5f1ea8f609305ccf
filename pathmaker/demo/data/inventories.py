"""The demo's habits inventory, "Habits of success": its title, description and each dimension's statements."""

from __future__ import annotations

TITLE = "Habits of success"


DESCRIPTION = (
    "How you communicate, collaborate, create and think, and the habits of work that carry you "
    "through: rated by you and by your teachers several times a year."
)


# dimension: (competencies it may describe, first found wins: a code or a statement; its two statements)
DIMENSIONS: dict[str, tuple[list[str], list[str]]] = {
    "Communication": (
        ["Communication", "MV.POG.1"],
        [
            "I explain my ideas clearly so others understand them.",
            "I listen to understand and ask questions when I don't.",
        ],
    ),
    "Collaboration": (
        ["Collaboration", "MV.POG.2"],
        [
            "I do my share of the team's work on time.",
            "I build on other people's ideas and help the team settle disagreements.",
        ],
    ),
    "Creativity": (
        ["Creativity", "MV.POG.3"],
        ["I come up with more than one idea before choosing one.", "I improve my work using feedback."],
    ),
    "Critical thinking": (
        ["Critical thinking", "MV.POG.4"],
        [
            "I check more than one source before I decide what is true.",
            "I break a big problem into smaller parts and check my answer makes sense.",
        ],
    ),
    "Perseverance": (
        ["MV.POG.5.2", "Habits of work", "MV.POG.5"],
        ["I keep working when a task gets hard.", "I ask for help when I am stuck, after trying on my own."],
    ),
    "Organization": (
        ["MV.POG.5.1", "Habits of work", "MV.POG.5"],
        [
            "I keep track of my assignments and due dates.",
            "I plan the steps of a big project before I start.",
        ],
    ),
    "Responsibility": (
        ["Habits of work", "MV.POG.5"],
        ["I come to class ready to learn, with what I need.", "I own my mistakes and put them right."],
    ),
}
