"""The demo's resource library, written for Pathmaker: for each demo competency, a spread of ways to learn
it (read, watch, practise, hands-on, small group, discussion), at every depth of knowledge, mostly in
English and some in Spanish. Addresses are on example.org (reserved for examples): nothing real is linked.
"""

from __future__ import annotations

# competency code -> (topic in English, topic in Spanish, lowest grade, highest grade, three contexts)
TOPICS: dict[str, tuple[str, str, str, str, tuple[str, str, str]]] = {
    "SM.6.RP.1": (
        "ratio language",
        "el lenguaje de las razones",
        "06",
        "06",
        ("a class pet survey", "paint mixes", "team rosters"),
    ),
    "SM.6.RP.2": (
        "unit rates",
        "las tasas unitarias",
        "06",
        "06",
        ("grocery prices", "running pace", "phone data plans"),
    ),
    "SM.6.RP.3": (
        "ratio tables and tape diagrams",
        "tablas de razones y diagramas de cinta",
        "06",
        "06",
        ("a lemonade stand", "a school garden", "map scales"),
    ),
    "SM.7.RP.1": (
        "unit rates with fractions",
        "tasas unitarias con fracciones",
        "07",
        "07",
        ("recipes", "walking trails", "painting a room"),
    ),
    "SM.7.RP.2": (
        "proportional relationships",
        "las relaciones proporcionales",
        "07",
        "07",
        ("taxi fares", "bike gears", "hourly pay"),
    ),
    "SM.7.RP.3": (
        "percent problems",
        "los problemas de porcentaje",
        "07",
        "07",
        ("store discounts", "sales tax", "a savings account"),
    ),
    "SM.8.EE.1": (
        "slope as a unit rate",
        "la pendiente como tasa unitaria",
        "08",
        "08",
        ("water tanks", "a phone plan", "road grades"),
    ),
    "SM.8.EE.2": (
        "linear equations in one variable",
        "ecuaciones lineales con una variable",
        "08",
        "08",
        ("a gym membership", "ticket sales", "a balance puzzle"),
    ),
    "MV.M.RATIO": (
        "comparing with ratios and rates",
        "comparar con razones y tasas",
        "06",
        "07",
        ("sports statistics", "recipes", "travel times"),
    ),
    "MV.M.PROP": (
        "tables, graphs and equations of proportions",
        "tablas, gráficas y ecuaciones de proporciones",
        "07",
        "07",
        ("currency exchange", "fuel use", "plant growth"),
    ),
    "MV.M.PCT": (
        "everyday percents",
        "los porcentajes de cada día",
        "07",
        "08",
        ("a tip at a restaurant", "a sale flyer", "a class election"),
    ),
    "MV.M.SLOPE": (
        "unit rate, slope and lines",
        "tasa unitaria, pendiente y rectas",
        "08",
        "08",
        ("a ramp for a skate park", "streaming costs", "a hiking climb"),
    ),
    "MV.M.SOLVE": (
        "solving linear equations step by step",
        "resolver ecuaciones lineales paso a paso",
        "08",
        "08",
        ("a school fundraiser", "a shared pizza order", "a phone repair bill"),
    ),
    "MV.POG.1": (
        "clear communication",
        "la comunicación clara",
        "06",
        "08",
        ("a science poster", "a podcast episode", "a letter to the council"),
    ),
    "MV.POG.2": (
        "collaboration in a team",
        "la colaboración en equipo",
        "06",
        "08",
        ("a group lab", "a class mural", "a robotics build"),
    ),
    "MV.POG.3": (
        "creative problem solving",
        "la resolución creativa de problemas",
        "06",
        "08",
        ("a cardboard arcade", "a new school logo", "a playground redesign"),
    ),
    "MV.POG.4": (
        "critical thinking with evidence",
        "el pensamiento crítico con evidencia",
        "06",
        "08",
        ("a news headline", "a product review", "a local history claim"),
    ),
    "MV.POG.5": (
        "habits of work",
        "los hábitos de trabajo",
        "06",
        "08",
        ("a long project", "a test week", "a reading challenge"),
    ),
}

# (kind, modality, depth of knowledge, minutes, alignment type, language, title, description or instructions)
# {topic}/{tema} is the competency's topic, {context} one of its contexts.
TEMPLATES: tuple[tuple[str, str, int, int, str, str, str, str], ...] = (
    (
        "link",
        "watch",
        1,
        6,
        "teaches",
        "en",
        "Video: {topic} in six minutes",
        "A short worked-example video on {topic}, with captions and pauses to try each step.",
    ),
    (
        "link",
        "watch",
        2,
        12,
        "teaches",
        "en",
        "Video: {topic} with {context}",
        "Two worked examples about {context}, then one to try before the answer is shown.",
    ),
    (
        "link",
        "read",
        1,
        10,
        "teaches",
        "en",
        "Reading: what {topic} means",
        "A one-page explanation of {topic} with a labelled diagram and three quick checks.",
    ),
    (
        "link",
        "read",
        2,
        15,
        "teaches",
        "en",
        "Reading: {topic} explained through {context}",
        "An illustrated article that builds {topic} from {context}, with a glossary.",
    ),
    (
        "link",
        "practise",
        1,
        15,
        "practices",
        "en",
        "Practice set: {topic} warm-up",
        "Ten short items on {topic} with hints and instant feedback.",
    ),
    (
        "link",
        "practise",
        2,
        20,
        "practices",
        "en",
        "Practice set: {topic} in context",
        "Twelve problems about {context} and {context2}; the last three have more than one step.",
    ),
    (
        "activity",
        "hands_on",
        3,
        45,
        "practices",
        "en",
        "Hands-on: {topic} with {context}",
        "Work with a partner. Gather real numbers about {context}, organise them, and use {topic} to answer "
        "the question on the card. Record your reasoning on the sheet and be ready to explain one choice.",
    ),
    (
        "activity",
        "hands_on",
        4,
        120,
        "practices",
        "en",
        "Project: {topic} for a real audience",
        "Plan and carry out a small project about {context2} that uses {topic}. Write a one-page proposal, "
        "collect data over a week, and present a recommendation to a real audience (the class, a family "
        "member or a school office). Include what you would change next time.",
    ),
    (
        "activity",
        "small_group",
        2,
        25,
        "teaches",
        "en",
        "Small group with the teacher: {topic}",
        "Meet with your teacher and two or three classmates. Bring your last attempt at {topic}; together you "
        "will rework one problem and each leave with a next step.",
    ),
    (
        "activity",
        "discussion",
        3,
        30,
        "practices",
        "en",
        "Discussion: which way is best for {topic}?",
        "In a group of four, compare two solutions about {context} that use {topic} differently. Decide which "
        "is clearer and why, then share one sentence with the class.",
    ),
    (
        "assessment",
        "practise",
        2,
        15,
        "assesses",
        "en",
        "Quick check: {topic}",
        "Answer the five questions on {topic} on your own. Your teacher scores them and records the evidence.",
    ),
    (
        "assessment",
        "hands_on",
        3,
        40,
        "assesses",
        "en",
        "Performance task: {topic} with {context}",
        "Solve the task about {context} using {topic}. Show your work and explain in two or three sentences how "
        "you know your answer makes sense. Scored with the course rubric.",
    ),
    (
        "link",
        "watch",
        1,
        8,
        "teaches",
        "es",
        "Video: {tema} en ocho minutos",
        "Un video corto con subtítulos en español que explica {tema} con un ejemplo resuelto.",
    ),
    (
        "link",
        "read",
        2,
        15,
        "teaches",
        "es",
        "Lectura: {tema} con ejemplos",
        "Una explicación ilustrada de {tema}, con un glosario bilingüe y tres preguntas para comprobar.",
    ),
    (
        "activity",
        "small_group",
        2,
        25,
        "practices",
        "es",
        "Grupo pequeño: {tema}",
        "Reúnete con tu maestra o maestro y dos compañeros. Trae tu último intento de {tema}; juntos resolverán "
        "un problema y cada uno saldrá con un siguiente paso.",
    ),
    (
        "assessment",
        "practise",
        2,
        15,
        "assesses",
        "es",
        "Comprobación rápida: {tema}",
        "Responde las cinco preguntas sobre {tema} por tu cuenta. Tu maestro las califica y registra la evidencia.",
    ),
)

ACCESSIBILITY = {
    "watch": "Captions and a full transcript; the video can be slowed down.",
    "read": "Screen-reader friendly text; printable in large type.",
    "practise": "Works with the keyboard alone; read-aloud available for every item.",
}

# Flagged to the curator in the demo: (template index, competency code, what the checker found)
DEAD_LINKS = (
    (1, "SM.7.RP.3", "404 Not Found"),
    (3, "MV.M.PROP", "410 Gone"),
    (5, "SM.8.EE.2", "does not answer: timed out"),
)

# Teachers' ratings: (template index, competency code, stars by the teacher, by the co-teacher, review)
RATINGS = (
    (0, "MV.M.RATIO", 5, 4, "Short enough to watch in class; students replay the second example."),
    (6, "MV.M.RATIO", 4, 5, "The best hands-on task we have for ratios."),
    (1, "MV.M.PROP", 3, 4, "Good, but pause before the graph section."),
    (11, "MV.M.PCT", 5, 5, "Clear rubric; students knew what proficient looked like."),
    (12, "MV.M.PCT", 4, 4, "Our Spanish-speaking newcomers used this first."),
    (8, "MV.M.SOLVE", 5, 3, "Works best with three students, not four."),
    (2, "SM.7.RP.2", 3, 3, "Fine as a refresher."),
    (9, "MV.POG.2", 4, 5, "Students argued well; keep the sentence frames."),
)

# The demo teacher's own resources: (title, modality, competency code, instructions), the first shared.
TEACHER_OWN = (
    (
        "Ratio relay (our class version)",
        "hands_on",
        "MV.M.RATIO",
        "Teams of three race to fill a ratio table from recipe cards; each runner must explain one entry.",
    ),
    (
        "Percent scavenger hunt in the cafeteria",
        "hands_on",
        "MV.M.PCT",
        "Find three prices posted in the cafeteria, compute a 15% discount on each, and check with a partner.",
    ),
)
