import threading

import pytest
from django.db import connection, transaction

from tracker.accounts import services
from tracker.accounts.models import Membership


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_admins_demoting_each_other_at_once_leave_one_admin(team, alice, bob):
    services.change_role(team, Membership.objects.get(user=bob).pk, "admin")
    alice_id, bob_id = (Membership.objects.get(user=u).pk for u in (alice, bob))
    first_done, release_first = threading.Event(), threading.Event()
    outcome = {}

    def alice_demotes_bob():
        try:
            with transaction.atomic():
                services.change_role(team, bob_id, "viewer")
                # Hold the transaction open while Bob acts, as a slow request would.
                first_done.set()
                release_first.wait(10)
            outcome["alice"] = "done"
        finally:
            connection.close()

    def bob_demotes_alice():
        try:
            services.change_role(team, alice_id, "viewer")
            outcome["bob"] = "done"
        except services.MembershipError as error:
            outcome["bob"] = str(error)
        finally:
            connection.close()

    first = threading.Thread(target=alice_demotes_bob)
    first.start()
    assert first_done.wait(10)
    second = threading.Thread(target=bob_demotes_alice)
    second.start()
    # Bob's change waits for Alice's lock; let it queue up, then let Alice commit.
    second.join(0.5)
    release_first.set()
    first.join(10)
    second.join(10)
    assert outcome["alice"] == "done"
    assert "only admin" in outcome["bob"]
    assert list(team.memberships.filter(role="admin").values_list("user__username", flat=True)) == ["alice"]
