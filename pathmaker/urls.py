from django.http import HttpResponse
from django.urls import include, path

from pathmaker.api.views import api
from pathmaker.audit.views import audit_log
from pathmaker.jobs.views import job_progress
from pathmaker.portal import lists
from pathmaker.portal import views as portal
from pathmaker.rostering import views as rostering

urlpatterns = [
    path("", portal.home, name="home"),
    path("", include("pathmaker.accounts.urls")),  # login, passwords, API tokens, the accounts page
    path("students/<int:student_id>/", portal.student_detail, name="student_detail"),
    path("sections/<int:section_id>/", portal.section_detail, name="section_detail"),
    path("school/students/", lists.leader_students, name="leader_students"),
    path("school/sections/", lists.leader_sections, name="leader_sections"),
    path("school/teachers/", lists.leader_teachers, name="leader_teachers"),
    path("favicon.ico", portal.favicon, name="favicon"),
    path("imports/", rostering.import_list, name="import_list"),
    path("imports/<int:run_id>/", rostering.import_detail, name="import_detail"),
    path("jobs/<int:job_id>/progress/", job_progress, name="job_progress"),
    path("audit/", audit_log, name="audit_log"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", lambda request: HttpResponse("ok", content_type="text/plain"), name="healthz"),
    path("api/v1/", api.urls),
    path("ims/case/v1p1/", include("pathmaker.frameworks.case_urls")),
    path("", include("pathmaker.frameworks.urls")),
    path("", include("pathmaker.mastery.urls")),
    path("", include("pathmaker.profiles.urls")),
    path("", include("pathmaker.goals.urls")),
    path("", include("pathmaker.inventories.urls")),
    path("", include("pathmaker.portfolios.urls")),
    path("", include("pathmaker.conferences.urls")),
]
