"""The demo's framework texts, written for Pathmaker (no publisher's text is copied): a sample state
mathematics framework, the district's Portrait of a Graduate and its mathematics competencies.
"""

from __future__ import annotations

STATE_MATH = [  # (code, statement, grade, parent code)
    ("SM.6.RP", "Ratios and proportional relationships", "06", None),
    (
        "SM.6.RP.1",
        "Describe a relationship between two quantities using ratio language and notation.",
        "06",
        "SM.6.RP",
    ),
    ("SM.6.RP.2", "Find a unit rate for a ratio and use it to compare quantities.", "06", "SM.6.RP"),
    (
        "SM.6.RP.3",
        "Solve real-world problems with ratio tables, tape diagrams and double number lines.",
        "06",
        "SM.6.RP",
    ),
    ("SM.7.RP", "Proportional reasoning", "07", None),
    ("SM.7.RP.1", "Compute unit rates with fractional quantities.", "07", "SM.7.RP"),
    (
        "SM.7.RP.2",
        "Decide whether two quantities are proportional and represent the relationship as y = kx.",
        "07",
        "SM.7.RP",
    ),
    (
        "SM.7.RP.3",
        "Solve multistep percent problems such as discounts, tax, interest and percent error.",
        "07",
        "SM.7.RP",
    ),
    ("SM.8.EE", "Expressions and equations", "08", None),
    (
        "SM.8.EE.1",
        "Graph proportional relationships and interpret the unit rate as the slope.",
        "08",
        "SM.8.EE",
    ),
    (
        "SM.8.EE.2",
        "Solve linear equations in one variable, including ones with no or many solutions.",
        "08",
        "SM.8.EE",
    ),
]


PORTRAIT = {  # competency: (kind, indicators)
    "Communication": (
        "cross_curricular_skill",
        [
            "Explains ideas clearly in writing, speech and visuals for a chosen audience.",
            "Listens to understand and asks questions that move a conversation forward.",
        ],
    ),
    "Collaboration": (
        "cross_curricular_skill",
        [
            "Shares responsibility for a team's work and does their part on time.",
            "Builds on others' ideas and helps the team settle disagreements respectfully.",
        ],
    ),
    "Creativity": (
        "cross_curricular_skill",
        [
            "Generates several ideas before choosing one and explains the choice.",
            "Revises work using feedback and reflection.",
        ],
    ),
    "Critical thinking": (
        "cross_curricular_skill",
        [
            "Weighs evidence from more than one source before reaching a conclusion.",
            "Breaks a complex problem into parts and checks that the solution makes sense.",
        ],
    ),
    "Habits of work": (
        "habit_of_work",
        [
            "Sets goals, plans the steps and tracks progress toward them.",
            "Persists through difficulty and asks for help when needed.",
        ],
    ),
}


DISTRICT_MATH = [  # (code, statement, state codes it matches, prerequisite codes)
    (
        "MV.M.RATIO",
        "I can use ratios and rates to describe and compare quantities.",
        ["SM.6.RP.1", "SM.6.RP.2"],
        [],
    ),
    (
        "MV.M.PROP",
        "I can recognise proportional relationships and represent them with tables, graphs and equations.",
        ["SM.7.RP.2"],
        ["MV.M.RATIO"],
    ),
    ("MV.M.PCT", "I can solve percent problems from everyday life.", ["SM.7.RP.3"], ["MV.M.RATIO"]),
    ("MV.M.SLOPE", "I can connect unit rate, slope and linear equations.", ["SM.8.EE.1"], ["MV.M.PROP"]),
    ("MV.M.SOLVE", "I can solve linear equations and explain each step.", ["SM.8.EE.2"], ["MV.M.PROP"]),
]
