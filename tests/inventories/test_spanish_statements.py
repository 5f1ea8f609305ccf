"""The district may write each inventory statement in Spanish beside the English: Spanish-speaking
students rate, and families read, the Spanish; a statement without Spanish stays English."""

from __future__ import annotations

from django.urls import reverse

from pathmaker.inventories.models import Inventory


def test_the_district_writes_statements_in_spanish_and_a_spanish_student_rates_them(district, login):
    admin = login(district.user("district_admin"))
    saved = admin.post(
        reverse("inventory_list"),
        {
            "title": "Habits",
            "levels": "Low\nHigh",
            "items": "Grit | I keep going\nHelp | I ask for help",
            "items_es": "Sigo adelante\n-",
        },
    )
    assert saved.status_code == 302
    inventory = Inventory.objects.get(title="Habits")
    assert [(i.text, i.text_es) for i in inventory.items.all()] == [
        ("I keep going", "Sigo adelante"),
        ("I ask for help", None),
    ]
    edit = admin.get(reverse("inventory_list") + f"?edit={inventory.pk}").content.decode()
    assert "Sigo adelante\n-" in edit
    student = login(district.user("student"))
    url = reverse("inventory_take", args=[district.sam.pk, inventory.pk])
    page = student.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Sigo adelante" in page and "I keep going" not in page and "I ask for help" in page
    assert "I keep going" in student.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_spanish_lines_that_do_not_match_the_statements_are_refused_and_nothing_is_saved(district, login):
    admin = login(district.user("district_admin"))
    refused = admin.post(
        reverse("inventory_list"),
        {
            "title": "Habits",
            "levels": "Low\nHigh",
            "items": "Grit | I keep going\nHelp | I ask for help",
            "items_es": "Sigo adelante",
        },
    )
    assert refused.status_code == 400 and "2 statements and 1 Spanish lines" in refused.content.decode()
    assert not Inventory.objects.filter(title="Habits").exists()
