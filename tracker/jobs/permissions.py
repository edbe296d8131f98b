"""Loading a job for a user, the way tracker.accounts.permissions loads every other kind of object."""

from django.shortcuts import get_object_or_404

from tracker.accounts.permissions import VIEWER, check_role

from .models import Job


def get_job_for_user(user, pk, role=VIEWER, queryset=None):
    """The job if it belongs to one of the user's teams (else 404) and the user has the role (else 403)."""
    qs = queryset if queryset is not None else Job.objects.all()
    job = get_object_or_404(qs.visible_to(user), pk=pk)
    check_role(user, job.team_id, role)
    return job
