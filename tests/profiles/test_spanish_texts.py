"""District-written words (section titles and prompts, readiness items, inventory statements) may carry a
Spanish text beside the English: Spanish readers see it, everyone else (and Spanish readers when it is
left empty) sees the English."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from pathmaker.inventories.models import InventoryItem
from pathmaker.profiles import services
from pathmaker.profiles.models import ProfileSection, ReadinessItem


def _profile(client, language: str) -> str:
    return client.get(
        reverse("student_profile", args=[client.sam_pk]), HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()


def test_a_section_written_in_both_languages_reads_in_the_families_language(district, login):
    section = services.profile_section_save(
        actor=district.actor("district_admin"),
        key="dreams",
        kind="text",
        title="My dreams",
        prompt="What do you dream of?",
        title_es="Mis sueños",
        prompt_es="¿Con qué sueñas?",
        family_visible=True,
    )
    assert (section.title_es, section.prompt_es) == ("Mis sueños", "¿Con qué sueñas?")
    client = login(district.user("guardian"))
    client.sam_pk = district.sam.pk
    assert "Mis sueños" in _profile(client, "es") and "My dreams" not in _profile(client, "es")
    assert "My dreams" in _profile(client, "en") and "Mis sueños" not in _profile(client, "en")


def test_a_section_without_spanish_falls_back_to_the_english(district, login):
    services.profile_section_save(
        actor=district.actor("district_admin"),
        key="dreams",
        kind="text",
        title="My dreams",
        family_visible=True,
    )
    assert ProfileSection.objects.get(key="dreams").title_es is None
    client = login(district.user("guardian"))
    client.sam_pk = district.sam.pk
    assert "My dreams" in _profile(client, "es")


def test_readiness_items_and_inventory_statements_choose_their_spanish_when_there_is_one():
    item = ReadinessItem(key="x", title="Visit a college", title_es="Visitar una universidad")
    statement = InventoryItem(text="I ask for help", text_es="Pido ayuda", dimension="Help")
    plain = InventoryItem(text="I plan ahead", dimension="Planning")
    with translation.override("es"):
        assert (item.shown_title, statement.shown_text, plain.shown_text) == (
            "Visitar una universidad",
            "Pido ayuda",
            "I plan ahead",
        )
    with translation.override("en"):
        assert (item.shown_title, statement.shown_text) == ("Visit a college", "I ask for help")


def test_the_sections_page_takes_the_spanish_beside_the_english(district, login):
    client = login(district.user("district_admin"))
    page = client.get(reverse("profile_sections")).content.decode()
    assert 'name="title_es"' in page and 'name="prompt_es"' in page
    client.post(
        reverse("profile_sections"),
        {
            "title": "My dreams",
            "key": "dreams",
            "kind": "text",
            "prompt": "What do you dream of?",
            "title_es": "Mis sueños",
            "prompt_es": "¿Con qué sueñas?",
            "family_visible": "on",
        },
    )
    section = ProfileSection.objects.get(key="dreams")
    assert (section.title_es, section.prompt_es) == ("Mis sueños", "¿Con qué sueñas?")
    # Saving the row again (its checkboxes) keeps the Spanish.
    client.post(
        reverse("profile_sections"),
        {
            "section": section.pk,
            "title": section.title,
            "prompt": section.prompt,
            "title_es": section.title_es,
            "prompt_es": section.prompt_es,
            "position": section.position,
            "required": "on",
        },
    )
    section.refresh_from_db()
    assert section.required and section.title_es == "Mis sueños"
