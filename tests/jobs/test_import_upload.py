"""Uploading a roster in the web UI queues a job for the worker, whose progress the page can follow."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pathmaker.jobs.models import Job
from pathmaker.jobs.progress import progress_of, progress_report
from pathmaker.rostering.models import ImportRun, Person
from tests import factories as f
from tests.conftest import SHARED_DATA

ZIP = SHARED_DATA / "oneroster" / "Test_full_data_set.zip"


def upload(client, name="Test_full_data_set.zip", content=None):
    data = SimpleUploadedFile(name, content if content is not None else ZIP.read_bytes(), "application/zip")
    return client.post(reverse("import_list"), {"file": data})


def test_a_district_admin_uploads_a_roster_and_the_worker_imports_it(
    district, login, django_capture_on_commit_callbacks
):
    # An account-level administrator: the bulk file replaces the test district's roster, Dana included.
    admin = f.account(username="it.admin", district_admin=True)
    client = login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client)
    run = ImportRun.objects.get(source_name="Test_full_data_set.zip")
    assert response.status_code == 302 and response["Location"] == reverse("import_detail", args=[run.pk])
    assert run.status == ImportRun.Status.SUCCEEDED and run.started_by == admin
    assert run.job.status == Job.Status.SUCCEEDED
    assert Person.objects.filter(username="mary.jones").exists()
    page = client.get(reverse("import_detail", args=[run.pk])).content.decode()
    assert "What changed" in page and "users.csv" in page


def test_a_file_that_is_not_a_zip_is_refused_at_the_form(district, login):
    response = upload(login(district.user("district_admin")), name="users.csv", content=b"sourcedId\n")
    assert response.status_code == 200 and "users.csv is not a .zip file" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_a_rejected_upload_shows_its_errors_on_the_import_page(
    district, login, django_capture_on_commit_callbacks, tmp_path
):
    import zipfile

    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(ZIP) as source, zipfile.ZipFile(broken, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith("enrollments.csv"):
                data = data.replace(b"usr-222-987654,student", b"usr-ghost,student", 1)
            target.writestr(info, data)
    client = login(district.user("district_admin"))
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, name="broken.zip", content=broken.read_bytes())
    run = ImportRun.objects.get(source_name="broken.zip")
    page = client.get(reverse("import_detail", args=[run.pk])).content.decode()
    assert "nothing was changed" in page and "enrollment of an unknown user" in page


def test_progress_is_reported_while_the_job_runs(district, login):
    job = Job.objects.create(
        kind="roster_import",
        created_by=district.user("district_admin"),
        created_at="2026-09-01T00:00:00Z",
        status=Job.Status.RUNNING,
    )
    progress_report(job.pk, "Saving users.csv", 3, 12)
    assert progress_of(job).percent == 25
    body = login(district.user("district_admin")).get(reverse("job_progress", args=[job.pk])).json()
    assert body["stage"] == "Saving users.csv" and body["percent"] == 25 and body["finished"] is False


def test_progress_of_someone_elses_job_is_not_shown_to_a_teacher(district, login):
    job = Job.objects.create(
        kind="roster_import", created_by=district.user("district_admin"), created_at="2026-09-01T00:00:00Z"
    )
    assert login(district.user("teacher")).get(reverse("job_progress", args=[job.pk])).status_code == 404


def test_an_import_detail_page_is_refused_to_a_principal(district, login):
    run = ImportRun.objects.create(source_name="x.zip", created_at="2026-09-01T00:00:00Z")
    assert login(district.user("principal")).get(reverse("import_detail", args=[run.pk])).status_code == 404
    assert (
        login(district.user("district_admin")).get(reverse("import_detail", args=[run.pk])).status_code == 200
    )
