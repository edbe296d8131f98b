from django.db import transaction
from django.utils.text import slugify

from .models import Team


@transaction.atomic
def get_or_create_team(name):
    team, _ = Team.objects.get_or_create(name=name, defaults={"slug": slugify(name)[:120] or "team"})
    return team
