"""Framework pages (browse, search, edit, scales, rubrics, course alignment)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
