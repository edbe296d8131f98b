"""Two runs at once on PostgreSQL: the conditional claim lets exactly one of them send."""

import threading

import pytest
from django.db import connection

from tracker.digests import delivery
from tracker.digests.models import DigestDelivery
from tracker.digests.weeks import Week


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_runs_racing_for_the_same_user_send_one_email(smtp, activity, alice):
    week = Week.current()
    start = threading.Barrier(4)
    outcomes = []

    def run():
        try:
            start.wait()
            outcomes.append(delivery.send_digest(alice, week))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # The others find the claim still "sending", or already "sent" if the winner was quick.
    assert outcomes.count(delivery.SENT) == 1
    assert set(outcomes) - {delivery.SENT} <= {delivery.BEING_SENT, delivery.ALREADY_SENT}
    assert smtp.recipients == ["alice@example.org"]
    assert DigestDelivery.objects.get(user=alice, week=week.iso).attempts == 1
