import importlib
import pkgutil

from django.urls import URLPattern, URLResolver, get_resolver

import tests
from tests.api.test_api import API_CASES
from tests.frameworks.test_pages import FRAMEWORK_ACTIONS, FRAMEWORK_PAGES
from tests.portal.test_pages import OPEN_PAGES, PAGE_CASES

# Pages tested by their own focused tests rather than the persona table.
TESTED_ELSEWHERE = {
    "home",
    # Django's own language switch: tests/profiles/test_families.py.
    "set_language",
    "import_detail",
    "job_progress",
    "api-v1:api-root",
    "api-v1:openapi-json",
    "api-v1:openapi-view",
    # The CASE REST endpoints: covered by the CASE API's own tests.
    "case_documents",
    "case_document",
    "case_package",
    "case_item",
    "case_item_associations",
    "case_association",
    "case_rubric",
    "case_item_type",
    "case_subject",
    "case_concept",
    "case_license",
    "case_association_grouping",
    # POST only: tests/evidence/test_pages.py (the student asks, the teacher asks, the wrong personas get 404).
    "mastery_flag",
    "mastery_override",
    "evidence_withdraw",
    "evidence_correct",
}


def _names(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _names(p.url_patterns, f"{prefix}{p.namespace}:" if p.namespace else prefix)
        elif isinstance(p, URLPattern) and p.name:
            yield prefix + p.name


def _covered_by_app_tests() -> set[str]:
    """Each app's tests/<app>/test_pages.py may list the URL names its persona tests cover in COVERED_URLS."""
    names: set[str] = set()
    for package in pkgutil.iter_modules(tests.__path__):
        if package.ispkg:
            try:
                module = importlib.import_module(f"tests.{package.name}.test_pages")
            except ModuleNotFoundError:
                continue
            names |= set(getattr(module, "COVERED_URLS", ()))
    return names


def test_every_named_url_has_persona_tests():
    covered = (
        {c[0] for c in PAGE_CASES}
        | {f"api-v1:{c[0]}" for c in API_CASES}
        | {c[0] for c in FRAMEWORK_PAGES + FRAMEWORK_ACTIONS}
        | OPEN_PAGES
        | TESTED_ELSEWHERE
        | _covered_by_app_tests()
    )
    untested = set(_names(get_resolver().url_patterns)) - covered
    assert untested == set(), f"add persona tests for: {sorted(untested)}"
