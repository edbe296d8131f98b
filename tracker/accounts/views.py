from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from . import services
from .forms import AcceptInvitationForm, InviteForm, RoleForm
from .models import Membership
from .permissions import ADMIN, get_team_for_user, role_in


@login_required
def team_list(request):
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("team")
        .annotate(member_count=Count("team__memberships"))
        .order_by("team__name")
    )
    return render(request, "accounts/team_list.html", {"memberships": memberships})


MEMBERS_PER_PAGE = 100


def _team_page(request, team, invite_form=None, status=200):
    is_admin = role_in(request.user, team.pk) == ADMIN
    # A team of hundreds is listed a page of members at a time, each row with its own forms.
    members = team.memberships.select_related("user").order_by("user__username", "pk")
    page = Paginator(members, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "team": team,
        "my_role": role_in(request.user, team.pk),
        "is_admin": is_admin,
        "members": page,
        "invitations": team.invitations.pending().select_related("invited_by") if is_admin else [],
        "invite_form": invite_form or InviteForm(),
        "roles": Membership.Role.choices,
    }
    return render(request, "accounts/team_detail.html", context, status=status)


@login_required
def team_detail(request, team_id):
    team = get_team_for_user(request.user, team_id)
    return _team_page(request, team)


@login_required
@require_POST
def invite(request, team_id):
    team = get_team_for_user(request.user, team_id, role=ADMIN)
    form = InviteForm(request.POST)
    if not form.is_valid():
        return _team_page(request, team, invite_form=form, status=400)
    try:
        invitation, _ = services.invite(team, form.cleaned_data["email"], form.cleaned_data["role"], by=request.user)
    except services.MembershipError as error:
        form.add_error("email", str(error))
        return _team_page(request, team, invite_form=form, status=400)
    messages.success(request, f"Invitation sent to {invitation.email} as {invitation.get_role_display().lower()}.")
    return redirect("team_detail", team.pk)


@login_required
@require_POST
def revoke_invitation(request, team_id, invitation_id):
    team = get_team_for_user(request.user, team_id, role=ADMIN)
    try:
        services.revoke_invitation(team, invitation_id)
    except services.MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Invitation withdrawn; its link no longer works.")
    return redirect("team_detail", team.pk)


@login_required
@require_POST
def change_role(request, team_id, membership_id):
    team = get_team_for_user(request.user, team_id, role=ADMIN)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a role: viewer, editor or admin.")
        return redirect("team_detail", team.pk)
    try:
        membership = services.change_role(team, membership_id, form.cleaned_data["role"])
    except services.MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{membership.user} is now {membership.get_role_display().lower()}.")
    return redirect("team_detail", team.pk)


@login_required
@require_POST
def remove_member(request, team_id, membership_id):
    team = get_team_for_user(request.user, team_id, role=ADMIN)
    try:
        membership = services.remove_member(team, membership_id)
    except services.MembershipError as error:
        messages.error(request, str(error))
        return redirect("team_detail", team.pk)
    messages.success(request, f"{membership.user} was removed from {team}.")
    if membership.user_id == request.user.pk:
        return redirect("team_list")
    return redirect("team_detail", team.pk)


def accept_invitation(request, token):
    """Open to everyone: the link itself is the permission. It creates an account or joins a logged-in one."""
    try:
        invitation = services.find_invitation(token)
    except services.InvitationInvalid as error:
        status = 410 if error.invitation else 404
        return render(request, "accounts/invitation_invalid.html", {"error": error}, status=status)
    user = request.user if request.user.is_authenticated else None
    existing = services.existing_user_for(invitation) if user is None else None
    form = None
    if user is None and existing is None:
        form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    error = None
    if request.method == "POST" and (user is not None or (form is not None and form.is_valid())):
        fields = {}
        if form is not None:
            fields = {"username": form.cleaned_data["username"], "password": form.cleaned_data["password1"]}
        try:
            membership = services.accept(token, user=user, **fields)
        except services.InvitationInvalid as invalid:
            return render(request, "accounts/invitation_invalid.html", {"error": invalid}, status=410)
        except services.MembershipError as refused:
            error = str(refused)
        else:
            if user is None:
                login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
            role = membership.get_role_display().lower()
            messages.success(request, f"Welcome to {membership.team}: you joined as {role}.")
            return redirect("dashboard")
    context = {
        "invitation": invitation,
        "form": form,
        "existing": existing,
        "error": error,
        "email_matches": user is not None and user.email.lower() == invitation.email.lower(),
        "login_url": f"{reverse('login')}?next={request.path}",
    }
    refused = error or (form is not None and form.errors)
    return render(request, "accounts/invitation_accept.html", context, status=400 if refused else 200)
