"""The CASE 1.1 REST read endpoints, under /ims/case/v1p1/."""

from django.urls import path

from pathmaker.frameworks import case_api

urlpatterns = [
    path("CFDocuments", case_api.documents, name="case_documents"),
    path("CFDocuments/<str:sourced_id>", case_api.document, name="case_document"),
    path("CFPackages/<str:sourced_id>", case_api.package, name="case_package"),
    path("CFItems/<str:sourced_id>", case_api.item, name="case_item"),
    path("CFItemAssociations/<str:sourced_id>", case_api.item_associations, name="case_item_associations"),
    path("CFAssociations/<str:sourced_id>", case_api.association, name="case_association"),
    path("CFRubrics/<str:sourced_id>", case_api.rubric, name="case_rubric"),
    path("CFItemTypes/<str:sourced_id>", case_api.definition, {"kind": "CFItemTypes"}, name="case_item_type"),
    path("CFSubjects/<str:sourced_id>", case_api.definition, {"kind": "CFSubjects"}, name="case_subject"),
    path("CFConcepts/<str:sourced_id>", case_api.definition, {"kind": "CFConcepts"}, name="case_concept"),
    path("CFLicenses/<str:sourced_id>", case_api.definition, {"kind": "CFLicenses"}, name="case_license"),
    path(
        "CFAssociationGroupings/<str:sourced_id>",
        case_api.definition,
        {"kind": "CFAssociationGroupings"},
        name="case_association_grouping",
    ),
]
