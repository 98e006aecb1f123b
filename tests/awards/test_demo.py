"""The demo data: last year's complete year-end meeting (scores, ranking, attendance, a flag
vote, a certificates vote and the leadership election, all counted; the ministry's decisions),
and this year's upcoming meeting where a person runs a new vote end to end."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from awards.demo_data import UPCOMING_BLOC, reviewed_bloc
from awards.models import Ballot, Meeting, Nomination, Vote, VoterRecord
from awards.scoring import bloc_ranking
from blocs.access import current_year
from blocs.models import BlocYear
from documents.models import Document


@pytest.fixture
def demo(db):
    call_command("load_demo", quiet_logins=True)
    counts = (
        Meeting.objects.count(),
        Vote.objects.count(),
        Ballot.objects.count(),
        Nomination.objects.count(),
    )
    call_command("load_demo", quiet_logins=True)
    assert counts == (
        Meeting.objects.count(),
        Vote.objects.count(),
        Ballot.objects.count(),
        Nomination.objects.count(),
    ), "running load_demo again changed the awards"
    return current_year()


def test_last_years_year_end_meeting_is_complete(demo):
    year = demo - 1
    bloc = reviewed_bloc(year)
    assert bloc is not None
    meeting = Meeting.objects.get(bloc=bloc, year=year, kind=Meeting.Kind.YEAR_END)
    members = bloc.members_in(year).count()
    assert meeting.attendances.count() == members
    assert meeting.attendances.filter(status="absent").exclude(written_opinion="").count() == 1
    votes = {
        v.kind + ":" + (v.award_type.code if v.award_type else ""): v for v in meeting.votes.all()
    }
    assert set(votes) == {"award:co-thi-dua-bo", "award:bang-khen-bo-truong-tap-the", "leadership:"}
    for vote in votes.values():
        assert vote.status == Vote.Status.CLOSED and vote.secret
        assert vote.result["quorum_met"]
        assert (
            Ballot.objects.filter(vote=vote).count()
            == VoterRecord.objects.filter(vote=vote).count()
        )
        assert VoterRecord.objects.filter(vote=vote, named_choices__isnull=False).count() == 0
    flag = votes["award:co-thi-dua-bo"].result["groups"][0]["candidates"]
    assert [c["elected"] for c in flag].count(True) == 1
    certificates = votes["award:bang-khen-bo-truong-tap-the"].result
    reasons = sorted(c["reason"] for c in certificates["groups"][0]["candidates"])
    assert reasons == ["beyond_quota", "elected", "elected", "elected"]
    assert certificates["written_opinions"] == 1
    # The election confirmed this year's leadership.
    leadership = BlocYear.objects.get(bloc=bloc, year=year + 1)
    elected = {
        g["role"]: c["unit_id"]
        for g in votes["leadership:"].result["groups"]
        for c in g["candidates"]
        if c["elected"]
    }
    assert elected == {"leader": leadership.leader_id, "deputy": leadership.deputy_id}
    # Scores and ranking, with a shared rank.
    ranking = bloc_ranking(bloc, year)
    assert all(r.rank is not None and r.self_total is not None for r in ranking)
    assert any(r.tied for r in ranking)
    # The ministry decided; the awarded units' pages show it.
    awarded = Nomination.objects.filter(bloc=bloc, year=year, status=Nomination.Status.AWARDED)
    assert awarded.count() == 3
    assert (
        Nomination.objects.filter(
            bloc=bloc, year=year, status=Nomination.Status.NOT_AWARDED
        ).count()
        == 1
    )
    assert meeting.submissions.exists()


def test_a_person_runs_this_years_vote_end_to_end(
    client, demo, settings, django_capture_on_commit_callbacks
):
    settings.DEBUG = True  # demo accounts sign in only then
    year = demo
    meeting = Meeting.objects.get(bloc__code=UPCOMING_BLOC, year=year, kind=Meeting.Kind.YEAR_END)
    vote = meeting.votes.get(status=Vote.Status.DRAFT)
    leadership = BlocYear.objects.get(bloc=meeting.bloc, year=year)
    leader = User.objects.get(username=f"canbo.{leadership.leader.code}")
    client.force_login(leader)
    assert client.post(reverse("awards:vote_open", args=[vote.pk])).status_code == 302
    present = list(meeting.attendances.filter(status="present").select_related("unit"))
    candidates = list(vote.candidates.all())
    for n, attendance in enumerate(present):
        client.force_login(User.objects.get(username=f"lanhdao.{attendance.unit.code}"))
        choices = {
            f"c_{c.pk}": "1" if (i == 0 or n % 3 == 0) else "0" for i, c in enumerate(candidates)
        }
        response = client.post(reverse("awards:vote_cast", args=[vote.pk]), choices)
        assert response.status_code == 200, response.content.decode()[:500]
    client.force_login(User.objects.get(username=f"canbo.{present[0].unit.code}"))
    refused = client.post(
        reverse("awards:vote_cast", args=[vote.pk]), {f"c_{c.pk}": "1" for c in candidates}
    )
    assert refused.status_code == 400  # board staff do not vote
    client.force_login(leader)
    assert client.post(reverse("awards:vote_close", args=[vote.pk])).status_code == 302
    page = client.get(reverse("awards:vote", args=[vote.pk]))
    rows = {r["id"]: r for r in page.context["result_rows"]}
    assert rows[candidates[0].pk]["approvals"] == len(present)
    assert rows[candidates[0].pk]["elected"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("awards:minutes_pdf", args=[meeting.pk]))
    document = Document.objects.get(kind="minutes")
    assert response["Location"] == reverse("documents:detail", args=[document.pk])
    assert document.status == Document.Status.READY, document.error
    # The submission letter, then the dossier with the minutes and the consolidated report.
    submission_url = reverse(
        "awards:submission", kwargs={"bloc_code": meeting.bloc.code, "year": year}
    )
    response = client.post(
        submission_url,
        {
            "meeting": meeting.pk,
            "number": "09/TTr-KTĐ",
            "place": meeting.place,
            "dated": f"28/12/{year}",
            "signer_name": meeting.chair_name,
        },
    )
    assert response.status_code == 302
    submission = meeting.submissions.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("awards:dossier_pdf", args=[submission.pk]))
    dossier = Document.objects.get(kind="dossier")
    assert dossier.status == Document.Status.READY, dossier.error
    assert dossier.payload["proposals"][0]["nominee"] == candidates[0].label
    assert dossier.payload["bloc_report"]["year"] == year
