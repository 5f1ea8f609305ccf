from django.urls import path

from pathmaker.reports import views

urlpatterns = [
    path("reports/subgroups/", views.subgroups, name="reports_subgroups"),
    path("reports/subgroups/export.csv", views.subgroups_export, name="reports_subgroups_export"),
]
