from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from tracker.accounts.permissions import get_source_for_user


@login_required
def source_detail(request, pk):
    source = get_source_for_user(request.user, pk)
    return render(request, "sources/detail.html", {"source": source, "paragraphs": source.paragraphs.all()})
