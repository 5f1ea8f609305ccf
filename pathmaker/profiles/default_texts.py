"""The district's starting profile sections and readiness checklist, marked for translation.

They are data (migration 0002 writes them; a district may rename them), so pages translate them at
display time with `{% translate section.title %}`: a title the catalogue knows is shown in the
reader's language, a district's own wording is shown as written. Keep this list in step with
the migration (tests/profiles/test_families.py checks it).
"""

from django.utils.translation import gettext_noop

DEFAULT_TEXTS = [
    gettext_noop("About me"),
    gettext_noop("Who are you? What should your teachers know about you?"),
    gettext_noop("My strengths"),
    gettext_noop("What are you good at, in school and outside it?"),
    gettext_noop("What I am working on"),
    gettext_noop("What is hard for you right now? What helps?"),
    gettext_noop("My interests"),
    gettext_noop("What do you love doing or learning about?"),
    gettext_noop("My hopes (personal)"),
    gettext_noop("Who do you want to become?"),
    gettext_noop("My hopes (career)"),
    gettext_noop("What work might you like to do one day?"),
    gettext_noop("How I learn best"),
    gettext_noop("When do you learn best: alone or with others, reading, watching, building, talking?"),
    gettext_noop("Goals and reflection"),
    gettext_noop("Mastery across my courses"),
    gettext_noop("Habits and dispositions"),
    gettext_noop("My portfolio"),
    gettext_noop("College and career readiness"),
    gettext_noop("Student-led conferences"),
    gettext_noop("Notes from my teachers and advisor"),
    gettext_noop("Four-year course plan"),
    gettext_noop("The courses planned through graduation."),
    gettext_noop("Career interest inventory"),
    gettext_noop("Taken, and talked through with an advisor."),
    gettext_noop("PSAT score"),
    gettext_noop("SAT score"),
    gettext_noop("ACT score"),
    gettext_noop("Dual enrollment or AP"),
    gettext_noop("College courses taken while in high school."),
    gettext_noop("Internship or work-based learning"),
    gettext_noop("Capstone project"),
    gettext_noop("The senior project, presented to a panel."),
    gettext_noop("FAFSA completed"),
    gettext_noop("Free Application for Federal Student Aid."),
    gettext_noop("Plan after graduation"),
    gettext_noop("College, training, service or work."),
]
