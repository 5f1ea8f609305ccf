"""The profile a district starts with. A district changes it on the "Profile sections" page."""

from django.db import migrations

SECTIONS = [
    # key, title, kind, prompt, required, family_visible
    ("about_me", "About me", "text", "Who are you? What should your teachers know about you?", True, True),
    ("strengths", "My strengths", "text", "What are you good at, in school and outside it?", True, True),
    ("needs", "What I am working on", "text", "What is hard for you right now? What helps?", True, True),
    ("interests", "My interests", "text", "What do you love doing or learning about?", False, True),
    ("aspirations_personal", "My hopes (personal)", "text", "Who do you want to become?", False, True),
    ("aspirations_career", "My hopes (career)", "text", "What work might you like to do one day?", False, True),
    ("learning_preferences", "How I learn best", "text",
     "When do you learn best: alone or with others, reading, watching, building, talking?", False, True),
    ("goals", "Goals and reflection", "goals", "", False, True),
    ("mastery", "Mastery across my courses", "mastery", "", False, True),
    ("habits", "Habits and dispositions", "habits", "", False, True),
    ("portfolio", "My portfolio", "portfolio", "", False, True),
    ("readiness", "College and career readiness", "readiness", "", False, True),
    ("conferences", "Student-led conferences", "conferences", "", False, True),
    ("notes", "Notes from my teachers and advisor", "notes", "", False, False),
]

READINESS = [
    # key, title, kind, from_grade, description
    ("course_plan", "Four-year course plan", "text", 8, "The courses planned through graduation."),
    ("career_inventory", "Career interest inventory", "done", 8, "Taken, and talked through with an advisor."),
    ("psat", "PSAT score", "score", 9, ""),
    ("sat", "SAT score", "score", 10, ""),
    ("act", "ACT score", "score", 10, ""),
    ("dual_enrollment", "Dual enrollment or AP", "text", 10, "College courses taken while in high school."),
    ("internship", "Internship or work-based learning", "text", 10, ""),
    ("capstone", "Capstone project", "text", 11, "The senior project, presented to a panel."),
    ("fafsa", "FAFSA completed", "done", 12, "Free Application for Federal Student Aid."),
    ("postsecondary_plan", "Plan after graduation", "text", 11, "College, training, service or work."),
]


def add_defaults(apps, schema_editor):
    section = apps.get_model("profiles", "ProfileSection")
    for position, (key, title, kind, prompt, required, family) in enumerate(SECTIONS, start=1):
        section.objects.get_or_create(org=None, key=key, defaults={
            "title": title, "kind": kind, "prompt": prompt, "required": required, "family_visible": family,
            "position": position * 10})
    item = apps.get_model("profiles", "ReadinessItem")
    for position, (key, title, kind, grade, description) in enumerate(READINESS, start=1):
        item.objects.get_or_create(key=key, defaults={
            "title": title, "kind": kind, "from_grade": grade, "description": description,
            "position": position * 10})


class Migration(migrations.Migration):
    dependencies = [("profiles", "0001_learner_profiles")]
    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
