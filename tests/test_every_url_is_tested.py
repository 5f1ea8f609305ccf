"""Every named url is persona-tested: by a complete row of a persona table, or by a test named here."""

from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

from tests.personas import urls_with_complete_rows
from tests.portal.test_pages import OPEN_PAGES

ACCOUNTS = "tests/accounts/test_pages.py::"
CASE_API = "tests/frameworks/test_case_api.py::"
JOBS = "tests/jobs/test_import_upload.py::"
API = "tests/api/test_api.py::"

# Addresses tested by their own focused tests rather than a persona table: url name -> that test.
TESTED_ELSEWHERE = {
    "home": "tests/portal/test_pages.py::test_a_teachers_home_lists_their_sections",
    # The password-reset pages answer anyone, signed in or not.
    "password_reset": ACCOUNTS + "test_a_password_reset_link_is_mailed_and_sets_a_new_password",
    "password_reset_done": ACCOUNTS + "test_a_password_reset_link_is_mailed_and_sets_a_new_password",
    "password_reset_confirm": ACCOUNTS + "test_a_password_reset_link_is_mailed_and_sets_a_new_password",
    "password_reset_complete": ACCOUNTS + "test_a_password_reset_link_is_mailed_and_sets_a_new_password",
    # Django's own language switch: tests/profiles/test_families.py.
    "set_language": "tests/profiles/test_families.py::"
    "test_a_guardian_switches_to_spanish_and_the_profile_speaks_spanish",
    "import_detail": JOBS + "test_an_import_detail_page_is_refused_to_a_principal",
    "job_progress": JOBS + "test_progress_of_someone_elses_job_is_not_shown_to_a_teacher",
    "api-v1:api-root": API + "test_the_api_root_is_only_an_address_and_answers_404",
    "api-v1:openapi-json": API + "test_the_openapi_document_lists_every_endpoint",
    "api-v1:openapi-view": API + "test_the_api_docs_load_nothing_from_a_cdn",
    # The CASE REST endpoints: covered by the CASE API's own tests.
    "case_documents": CASE_API + "test_cf_documents_lists_every_framework",
    "case_document": CASE_API + "test_a_document_a_rubric_and_a_subject_answer_by_identifier",
    "case_package": CASE_API + "test_cf_packages_returns_the_whole_framework",
    "case_item": CASE_API + "test_cf_items_and_item_associations_answer_by_identifier",
    "case_item_associations": CASE_API + "test_cf_items_and_item_associations_answer_by_identifier",
    "case_association": CASE_API + "test_cf_associations_and_definitions_answer_by_identifier",
    "case_rubric": CASE_API + "test_a_document_a_rubric_and_a_subject_answer_by_identifier",
    "case_item_type": CASE_API + "test_cf_associations_and_definitions_answer_by_identifier",
    "case_subject": CASE_API + "test_a_document_a_rubric_and_a_subject_answer_by_identifier",
    "case_concept": CASE_API + "test_each_kind_of_definition_has_its_own_address",
    "case_license": CASE_API + "test_each_kind_of_definition_has_its_own_address",
    "case_association_grouping": CASE_API + "test_each_kind_of_definition_has_its_own_address",
}
ROOT = Path(__file__).resolve().parents[1]


def _names(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _names(p.url_patterns, f"{prefix}{p.namespace}:" if p.namespace else prefix)
        elif isinstance(p, URLPattern) and p.name:
            yield prefix + p.name


def test_every_named_url_has_persona_tests():
    covered = urls_with_complete_rows() | OPEN_PAGES | set(TESTED_ELSEWHERE)
    untested = set(_names(get_resolver().url_patterns)) - covered
    assert untested == set(), f"add persona tests for: {sorted(untested)}"


def test_each_url_tested_elsewhere_names_a_test_that_exists():
    def exists(test: str) -> bool:
        path, name = test.split("::")
        return (ROOT / path).is_file() and f"\ndef {name}(" in (ROOT / path).read_text(encoding="utf-8")

    assert [url for url, test in TESTED_ELSEWHERE.items() if not exists(test)] == []
