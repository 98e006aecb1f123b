"""Bad input anywhere in the awards pages is answered with a reason, never a 500, and nothing
typed is lost."""

import pytest
from django.urls import reverse

from awards.models import Vote

JUNK = [
    {},
    {"tied": ["abc", "-1", "999999"], "t_1": "x", "no_quorum_reason": "x" * 5000},
    {"issued": "-3", "valid": "ba", "invalid": "1,5", "c_1": "nhiều"},
    {"unit": "khong-phai-so", "c_1": "2"},
    {"receipt": ""},
    {"receipt": "x" * 500},
    {"awarded": "maybe", "decision_date": "30/02/2027"},
    {"u1-status": "đến muộn"},
    {"file": "not a file"},
]


@pytest.fixture
def open_vote(world, flag, nominate, make_vote, bloc_leader, everyone_present):
    from awards import voting

    vote = make_vote(flag, [nominate(flag, world.unit_a)])
    voting.open_vote(vote, bloc_leader)
    return vote


@pytest.mark.parametrize("persona", ["bloc_leader", "unit_leader_a", "ministry"])
def test_junk_posted_everywhere_never_answers_500(
    client, request, world, meeting, open_vote, persona
):
    client.raise_request_exception = True
    client.force_login(request.getfixturevalue(persona))
    nomination = open_vote.candidates.get().nomination
    urls = [
        reverse("awards:vote_cast", args=[open_vote.pk]),
        reverse("awards:vote_written", args=[open_vote.pk]),
        reverse("awards:vote_paper", args=[open_vote.pk]),
        reverse("awards:vote_close", args=[open_vote.pk]),
        reverse("awards:vote_receipt", args=[open_vote.pk]),
        reverse("awards:vote_open", args=[open_vote.pk]),
        reverse("awards:attendance", args=[meeting.pk, world.unit_a.pk]),
        reverse("awards:nomination_decision", args=[nomination.pk]),
        reverse("awards:nomination_attach", args=[nomination.pk]),
        reverse("awards:nomination_withdraw", args=[nomination.pk]),
        reverse("awards:nomination_edit", args=[nomination.pk]),
        reverse("awards:meeting_edit", args=[meeting.pk]),
        reverse("awards:vote_create", args=[meeting.pk]) + "?loai=co-thi-dua-bo",
        reverse(
            "awards:score_unit",
            kwargs={"bloc_code": "khoi-x", "year": world.year, "unit_code": world.unit_a.code},
        ),
        reverse("awards:submission", kwargs={"bloc_code": "khoi-x", "year": world.year}),
        reverse("awards:nomination_create", kwargs={"bloc_code": "khoi-x", "year": world.year}),
    ]
    for url in urls:
        for data in JUNK:
            response = client.post(url, data)
            assert response.status_code < 500, (url, data)
    open_vote.refresh_from_db()
    assert open_vote.status in (Vote.Status.OPEN, Vote.Status.CLOSED)


@pytest.mark.parametrize(
    "path",
    [
        "/thi-dua-khen-thuong/khoi/khoi-x/99999/",
        "/thi-dua-khen-thuong/khoi/khoi-x/0/xep-hang/",
        "/thi-dua-khen-thuong/bieu-quyet/0/",
        "/thi-dua-khen-thuong/hop/0/bieu-quyet/tao/?loai=lanh-dao",
        "/thi-dua-khen-thuong/de-nghi/0/dinh-kem/0/",
    ],
)
def test_unknown_addresses_are_404(client, bloc_leader, path):
    client.force_login(bloc_leader)
    assert client.get(path).status_code == 404
