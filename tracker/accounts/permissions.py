"""Who may do what: every object a view touches is loaded through one of these helpers.

Another team's object answers 404 (its existence is not revealed); an action the
user's role does not allow answers 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Membership, Team

VIEWER = Membership.Role.VIEWER
EDITOR = Membership.Role.EDITOR
ADMIN = Membership.Role.ADMIN

_RANK = {VIEWER: 1, EDITOR: 2, ADMIN: 3}


def _roles(user):
    """{team id: role} for the user, read once per request and kept on the user object."""
    if not user.is_authenticated:
        return {}
    cache = getattr(user, "_team_roles", None)
    if cache is None:
        cache = dict(Membership.objects.filter(user=user).values_list("team_id", "role"))
        user._team_roles = cache
    return cache


def team_ids(user):
    """The ids of the user's teams, from the same per-request cache: pages filter by them instead of joining the
    memberships, so that PostgreSQL reads each team's rows through the indexes that start with the team."""
    return sorted(_roles(user))


def role_in(user, team_id):
    """The user's role in the team, or None."""
    return _roles(user).get(team_id)


def edits_in_any_team(user):
    """Whether the user is an editor or admin in some team: decides if adding documents is offered at all."""
    return any(_RANK[role] >= _RANK[EDITOR] for role in _roles(user).values())


def has_role(user, team_id, role):
    current = role_in(user, team_id)
    return current is not None and _RANK[current] >= _RANK[role]


def check_role(user, team_id, role):
    """404 for a team the user is not in, 403 for a role below the one asked."""
    current = role_in(user, team_id)
    if current is None:
        raise Http404("No such item in your teams.")
    if _RANK[current] < _RANK[role]:
        raise PermissionDenied("Your role in this team does not allow this.")
    return current


def get_for_user(user, queryset, pk, role=VIEWER):
    """The object `pk` of `queryset`, if one of the user's teams holds it, for at least `role`.

    Another team's object (or none) answers 404; a role below the one asked answers 403. The
    queryset's model offers visible_to(user) (a TeamScopedQuerySet) and its objects a team_id.
    """
    obj = get_object_or_404(queryset.visible_to(user), pk=pk)
    check_role(user, obj.team_id, role)
    return obj


def get_team_for_user(user, team_id, role=VIEWER):
    return get_for_user(user, Team.objects.all(), team_id, role)


def editable_teams(user):
    """The teams where the user is an editor or admin, by name: where adding documents is offered."""
    return Team.objects.editable_by(user).order_by("name")
