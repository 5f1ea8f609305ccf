from django.http import HttpResponse
from django.urls import include, path

from pathmaker.api.views import api
from pathmaker.portal import imports, lists
from pathmaker.portal import views as portal
from pathmaker.portal.audit_log import audit_log
from pathmaker.portal.job_progress import job_progress

urlpatterns = [
    path("", portal.home, name="home"),
    path("", include("pathmaker.accounts.urls")),  # login, passwords, API tokens, the accounts page
    path("students/<int:student_id>/", portal.student_detail, name="student_detail"),
    path("sections/<int:section_id>/", portal.section_detail, name="section_detail"),
    path("school/students/", lists.leader_students, name="leader_students"),
    path("school/sections/", lists.leader_sections, name="leader_sections"),
    path("school/teachers/", lists.leader_teachers, name="leader_teachers"),
    path("favicon.ico", portal.favicon, name="favicon"),
    path("imports/", imports.import_list, name="import_list"),
    path("imports/<int:run_id>/", imports.import_detail, name="import_detail"),
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
    path("", include("pathmaker.paths.urls")),
    path("", include("pathmaker.inventories.urls")),
    path("", include("pathmaker.portfolios.urls")),
    path("", include("pathmaker.conferences.urls")),
    path("", include("pathmaker.resources.urls")),
    path("", include("pathmaker.pacing.urls")),
    path("", include("pathmaker.grouping.urls")),
    path("", include("pathmaker.scheduling.urls")),
    path("", include("pathmaker.reports.urls")),
]
