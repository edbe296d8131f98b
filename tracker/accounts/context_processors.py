from .permissions import edits_in_any_team


def roles(request):
    """What the navigation offers: evaluated only when a template asks, from the per-request role cache."""
    user = getattr(request, "user", None)
    return {"edits_in_any_team": lambda: user is not None and edits_in_any_team(user)}
