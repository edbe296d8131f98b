"""Teams and their members: creating teams, inviting people, roles and removals."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from tracker.emails import build_email

from .models import Invitation, Membership, Team

INVITATION_VALID_FOR = timedelta(days=7)
# The link carries a random key signed with SECRET_KEY: a mistyped or forged link is refused before any lookup.
INVITATION_SALT = "tracker.accounts.invitation"


def _signer():
    return signing.TimestampSigner(salt=INVITATION_SALT)


class MembershipError(Exception):
    """A change to a team's members that the rules refuse; the message is shown as it is."""


class InvitationInvalid(Exception):
    """An invitation link that cannot be used: unknown (mistyped or tampered), expired, used or revoked."""

    def __init__(self, message, invitation=None):
        super().__init__(message)
        self.invitation = invitation


@transaction.atomic
def get_or_create_team(name):
    team = Team.objects.filter(name=name).first()
    if team:
        return team
    # "Demo team" and "Demo-team" are two teams: the second gets "demo-team-2".
    base = slugify(name)[:110] or "team"
    slug, n = base, 1
    while Team.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return Team.objects.create(name=name, slug=slug)


def _hash(token):
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def invitation_url(token):
    return settings.SITE_URL + reverse("accept_invitation", args=[token])


@transaction.atomic
def invite(team, email, role, *, by):
    """Invite a person by email; a pending invitation to the same address is replaced. Returns (invitation, token)."""
    email = email.strip()
    if role not in Membership.Role.values:
        raise MembershipError(f"“{role}” is not a role.")
    if Membership.objects.filter(team=team, user__email__iexact=email).exists():
        raise MembershipError(f"{email} is already a member of {team}.")
    Invitation.objects.pending().filter(team=team, email__iexact=email).update(revoked_at=timezone.now())
    key = secrets.token_urlsafe(32)
    token = _signer().sign(key)
    invitation = Invitation.objects.create(team=team, email=email, role=role, invited_by=by, token_hash=_hash(key))
    context = {
        "invitation": invitation,
        "team": team,
        "inviter": by,
        "url": invitation_url(token),
        "expires_at": invitation.created_at + INVITATION_VALID_FOR,
    }
    # Sent once the invitation is stored, so a rolled-back invitation sends no email.
    transaction.on_commit(lambda: build_email("invitation", email, context).send())
    return invitation, token


def find_invitation(token, *, for_update=False):
    """The usable invitation behind a link, or InvitationInvalid saying why it cannot be used."""
    not_valid = "This invitation link is not valid. Check that you copied the whole link."
    try:
        # The signature's age is not checked here: created_at below is the expiry that counts.
        key = _signer().unsign(token)
    except signing.BadSignature:
        raise InvitationInvalid(not_valid) from None
    qs = Invitation.objects.select_related("team", "invited_by")
    if for_update:
        qs = qs.select_for_update(of=("self",))
    invitation = qs.filter(token_hash=_hash(key)).first()
    if invitation is None:
        raise InvitationInvalid(not_valid)
    if invitation.accepted_at:
        raise InvitationInvalid("This invitation has already been used.", invitation)
    if invitation.revoked_at:
        raise InvitationInvalid("This invitation was withdrawn by a team admin.", invitation)
    if timezone.now() - invitation.created_at > INVITATION_VALID_FOR:
        raise InvitationInvalid("This invitation has expired. Ask a team admin to invite you again.", invitation)
    return invitation


def existing_user_for(invitation):
    return get_user_model().objects.filter(email__iexact=invitation.email).order_by("pk").first()


@transaction.atomic
def accept(token, *, user=None, username="", password=""):
    """Use an invitation once: join `user` (logged in, same email) or create an account; returns the membership.

    The role is the one the admin chose when inviting; nothing the person sends can change it.
    """
    invitation = find_invitation(token, for_update=True)
    if user is not None:
        if user.email.lower() != invitation.email.lower():
            raise MembershipError(
                f"This invitation is for {invitation.email}; you are logged in as {user.get_username()}."
            )
    else:
        if existing_user_for(invitation):
            raise MembershipError(f"An account for {invitation.email} exists already: log in to accept.")
        User = get_user_model()
        if User.objects.filter(username__iexact=username).exists():
            raise MembershipError(f"The username “{username}” is taken; choose another.")
        try:
            with transaction.atomic():
                user = User.objects.create_user(username=username, email=invitation.email, password=password)
        except IntegrityError:
            raise MembershipError(f"The username “{username}” is taken; choose another.") from None
    membership, _ = Membership.objects.get_or_create(
        team=invitation.team, user=user, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


@transaction.atomic
def revoke_invitation(team, invitation_id):
    updated = Invitation.objects.pending().filter(team=team, pk=invitation_id).update(revoked_at=timezone.now())
    if not updated:
        raise MembershipError("That invitation is no longer pending.")


def _lock_members(team):
    """Lock the team's memberships, so two admins demoting each other cannot leave the team with none."""
    locked = Membership.objects.select_for_update(of=("self",)).filter(team=team).select_related("user")
    return {m.pk: m for m in locked}


@transaction.atomic
def change_role(team, membership_id, role):
    if role not in Membership.Role.values:
        raise MembershipError(f"“{role}” is not a role.")
    members = _lock_members(team)
    membership = members.get(membership_id)
    if membership is None:
        raise MembershipError("That person is not a member of this team.")
    admins = [m for m in members.values() if m.role == Membership.Role.ADMIN]
    if membership.role == Membership.Role.ADMIN and role != Membership.Role.ADMIN and len(admins) == 1:
        raise MembershipError(f"{membership.user} is the team's only admin; make someone else admin first.")
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def remove_member(team, membership_id):
    members = _lock_members(team)
    membership = members.get(membership_id)
    if membership is None:
        raise MembershipError("That person is not a member of this team.")
    admins = [m for m in members.values() if m.role == Membership.Role.ADMIN]
    if membership.role == Membership.Role.ADMIN and len(admins) == 1:
        raise MembershipError(f"{membership.user} is the team's only admin; make someone else admin first.")
    membership.delete()
    return membership
