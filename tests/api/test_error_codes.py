"""Refusals carry a stable code: the API's status and body come from the code, never from the words."""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil

import pytest

import pathmaker
from pathmaker.evidence.models import Evidence
from pathmaker.lib.errors import NOT_FOUND, DomainError
from pathmaker.mastery import recording as evidence_services
from pathmaker.mastery.recording import FORBIDDEN, SCORE_OFF_SCALE
from tests.api.test_api import a_competency, bearer, one_piece

REWORDED = "Sin permiso para registrar evidencias de este estudiante"


def post(client, user, payload, path="/api/v1/evidence"):
    return client.post(path, json.dumps(payload), content_type="application/json", **bearer(user))


def test_a_reworded_refusal_is_still_a_403_with_its_code(district, client, monkeypatch):
    monkeypatch.setattr(evidence_services, "MAY_NOT_RECORD", REWORDED)  # as a translation would
    piece = one_piece(district, a_competency())
    refused = post(client, district.user("guardian"), piece)
    assert (refused.status_code, refused.json()) == (
        403,
        {"code": FORBIDDEN, "field": None, "detail": REWORDED},
    )
    batch = post(client, district.user("guardian"), [piece, piece], "/api/v1/evidence/batch")
    assert batch.status_code == 403
    assert [(e["index"], e["code"]) for e in batch.json()] == [(0, FORBIDDEN), (1, FORBIDDEN)]
    assert not Evidence.objects.exists()


def test_a_batch_with_refusals_of_several_kinds_is_a_400_naming_each_code(district, client):
    piece = one_piece(district, a_competency())
    batch = [piece, {**piece, "score": 9}, {**piece, "student_id": district.omar.pk}]
    response = post(client, district.user("teacher"), batch, "/api/v1/evidence/batch")
    assert response.status_code == 400
    assert [(e["index"], e["code"], e["field"]) for e in response.json()] == [
        (1, SCORE_OFF_SCALE, "score"),
        (2, NOT_FOUND, None),
    ]


def test_a_student_the_caller_cannot_see_is_a_404_with_the_not_found_code(district, client):
    response = post(client, district.user("other_school_teacher"), one_piece(district, a_competency()))
    assert (response.status_code, response.json()["code"]) == (404, NOT_FOUND)


def _domain_modules():
    """Every module where a domain says what it refuses: services, selectors, importers and readers."""
    for found in pkgutil.walk_packages(pathmaker.__path__, "pathmaker."):
        if found.name.rsplit(".", 1)[-1] in {
            "services",
            "selectors",
            "recording",
            "importer",
            "reader",
            "package",
            "files",
        }:
            yield importlib.import_module(found.name)


@pytest.mark.parametrize("module", list(_domain_modules()), ids=lambda m: m.__name__)
def test_every_domain_error_is_a_domain_error_with_a_code_named_for_its_app(module):
    errors = [
        cls
        for name, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, Exception) and cls.__module__ == module.__name__ and not name.startswith("_")
    ]
    apps = {found.name for found in pkgutil.iter_modules(pathmaker.__path__) if found.ispkg}
    for cls in errors:
        assert issubclass(cls, DomainError), cls
        domain, _, rule = cls.code.partition(".")
        assert domain in apps and rule, (cls, cls.code)  # "<app>.<rule>", as the API's clients see it
