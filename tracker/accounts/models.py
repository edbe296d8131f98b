from django.conf import settings
from django.db import models


class TeamScopedQuerySet(models.QuerySet):
    """Querysets of what belongs to a team, shared by every app's models.

    `team_path` is the lookup from the model to its team ("team", or "recommendation__team").
    """

    team_path = "team"

    def visible_to(self, user):
        """What the user's teams hold, whatever their role."""
        return self.filter(**{f"{self.team_path}__memberships__user": user})

    def editable_by(self, user):
        """What the teams in which the user is an editor or admin hold."""
        roles = [Membership.Role.EDITOR, Membership.Role.ADMIN]
        # One filter() call, so both conditions apply to the same membership.
        return self.filter(
            **{f"{self.team_path}__memberships__user": user, f"{self.team_path}__memberships__role__in": roles}
        )


class TeamQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(memberships__user=user)

    def editable_by(self, user):
        roles = [Membership.Role.EDITOR, Membership.Role.ADMIN]
        return self.filter(memberships__user=user, memberships__role__in=roles)


class Team(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TeamQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def team_id(self):
        # So that a team is loaded for a user like anything a team holds (permissions.get_for_user).
        return self.pk


class Membership(models.Model):
    class Role(models.TextChoices):
        VIEWER = "viewer", "Viewer"
        EDITOR = "editor", "Editor"
        ADMIN = "admin", "Admin"

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.VIEWER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["team__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="membership_unique_team_user"),
            models.CheckConstraint(
                condition=models.Q(role__in=["viewer", "editor", "admin"]), name="membership_role_valid"
            ),
        ]

    def __str__(self):
        return f"{self.user} in {self.team} ({self.role})"

    @property
    def can_edit(self):
        return self.role in (self.Role.EDITOR, self.Role.ADMIN)

    @property
    def can_admin(self):
        return self.role == self.Role.ADMIN


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)


class Invitation(models.Model):
    """A person asked by email to join a team with a role; the link in the email is its only key."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=10, choices=Membership.Role.choices, default=Membership.Role.VIEWER)
    # sha256 of the token in the link: a copy of the database cannot be used to accept invitations.
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=["viewer", "editor", "admin"]), name="invitation_role_valid"
            ),
        ]

    def __str__(self):
        return f"{self.email} to {self.team} ({self.role})"
