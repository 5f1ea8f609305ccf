"""Families read their child's profile in English or Spanish (Django i18n: more languages are a catalogue away)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation


def test_a_guardian_switches_to_spanish_and_the_profile_speaks_spanish(district, login):
    client = login(district.user("guardian"))
    response = client.post(reverse("set_language"), {"language": "es", "next": "/"})
    assert response.status_code == 302
    page = client.get(reverse("student_profile", kwargs={"student_id": district.sam.pk})).content.decode()
    with translation.override("es"):
        assert translation.gettext("Skip to main content") != "Skip to main content"
        assert translation.gettext("Skip to main content") in page
    assert '<html lang="es">' in page


def test_a_browser_asking_for_spanish_gets_spanish_before_anyone_chooses(district, login):
    client = login(district.user("guardian"))
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="es-US,es;q=0.9").content.decode()
    assert '<html lang="es">' in page


def test_the_language_switch_names_each_language_in_its_own_language(district, login):
    page = login(district.user("guardian")).get(reverse("home")).content.decode()
    assert 'lang="es"' in page and "Español" in page


def test_the_districts_starting_sections_are_shown_in_the_families_language(district, login):
    district.sam.__class__.objects.filter(pk=district.sam.pk).update(
        grades="09"
    )  # readiness starts in grade 8
    client = login(district.user("guardian"))
    client.post(reverse("set_language"), {"language": "es", "next": "/"})
    page = client.get(reverse("student_profile", kwargs={"student_id": district.sam.pk})).content.decode()
    assert "Sobre mí" in page and "Preparación para la universidad y la carrera" in page


def test_every_starting_section_and_checklist_text_is_marked_for_translation():
    import importlib

    from pathmaker.profiles.default_texts import DEFAULT_TEXTS

    defaults = importlib.import_module("pathmaker.profiles.migrations.0002_district_defaults")
    texts = {t for _, title, _, prompt, _, _ in defaults.SECTIONS for t in (title, prompt) if t}
    texts |= {t for _, title, _, _, description in defaults.READINESS for t in (title, description) if t}
    assert texts == set(DEFAULT_TEXTS)
    with translation.override("es"):
        assert all(translation.gettext(text) != text for text in texts if text != "Personal")
