from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from tracker.accounts.permissions import get_recommendation_for_user

from .models import Recommendation


@login_required
def dashboard(request):
    return redirect("recommendation_list")


@login_required
def recommendation_list(request):
    recommendations = Recommendation.objects.visible_to(request.user).for_list()
    return render(request, "recommendations/list.html", {"recommendations": recommendations})


@login_required
def recommendation_detail(request, pk):
    recommendation = get_recommendation_for_user(request.user, pk)
    return render(request, "recommendations/detail.html", {"recommendation": recommendation})
