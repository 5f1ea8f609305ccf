from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404

from pathmaker.access.scope import can_administer_district
from pathmaker.jobs.models import Job
from pathmaker.jobs.progress import progress_of


@login_required
def job_progress(request: HttpRequest, job_id: int) -> JsonResponse:
    job = get_object_or_404(Job, pk=job_id)
    if job.created_by_id != request.user.pk and not can_administer_district(request.user):
        raise Http404("No such job")
    return JsonResponse(progress_of(job).as_dict())
