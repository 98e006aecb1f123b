"""Twenty ballots of the same unit at the same moment count once: the unique constraint on
who has voted decides, in the transaction that writes the anonymous ballot.

Needs PostgreSQL (real concurrent transactions); on SQLite it is skipped with the reason, and
KTD_REQUIRE_SERVICES=1 (CI) turns the skip into a failure.
"""

import threading

import pytest
from django.db import connection
from django.utils import translation

from awards import voting
from awards.models import Ballot, BallotMark, VoterRecord
from tests.celery_worker import skip_or_fail

pytestmark = pytest.mark.services

THREADS = 20


@pytest.fixture
def postgresql(settings):
    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        skip_or_fail(
            "twenty concurrent ballots need PostgreSQL (set DATABASE_URL): SQLite serialises "
            "every write, so it cannot show what the constraint does under concurrency"
        )


def test_twenty_concurrent_ballots_of_one_unit_count_once(
    postgresql,
    migrated_data_kept,
    transactional_db,
    django_db_serialized_rollback,
    world,
    flag,
    nominate,
    make_vote,
    bloc_leader,
    everyone_present,
    unit_leaders,
):
    vote = make_vote(flag, [nominate(flag, world.unit_a), nominate(flag, world.unit_deputy)])
    voting.open_vote(vote, bloc_leader)
    leader = unit_leaders[world.unit_a.pk]
    choices = {c.pk: True for c in vote.candidates.all()}
    start = threading.Barrier(THREADS)
    receipts, refusals, errors = [], [], []

    def cast():
        try:
            start.wait()
            with translation.override("en"):  # each thread has its own active language
                receipts.append(voting.cast_ballot(vote, leader, choices))
        except voting.VoteError as exc:
            refusals.append(str(exc))
        except Exception as exc:  # reported below, never a silent pass
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=cast) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert len(receipts) == 1 and len(refusals) == THREADS - 1
    assert all("already voted" in reason for reason in refusals)
    assert VoterRecord.objects.filter(vote=vote, unit=world.unit_a).count() == 1
    assert Ballot.objects.filter(vote=vote).count() == 1
    assert BallotMark.objects.filter(ballot__vote=vote).count() == len(choices)
    assert voting.ballot_counted(vote, receipts[0])
