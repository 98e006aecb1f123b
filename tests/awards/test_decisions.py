"""After the ministry decides: ministry staff record the decision on each nomination the bloc
passed (awarded or not, number and date); the unit's page shows its award history."""

import pytest
from django.urls import reverse

from awards.models import Nomination


@pytest.fixture
def passed(world, nominate, flag):
    nomination = nominate(flag, world.unit_a)
    Nomination.objects.filter(pk=nomination.pk).update(status=Nomination.Status.PASSED)
    nomination.refresh_from_db()
    return nomination


def decide(client, nomination, **data):
    return client.post(reverse("awards:nomination_decision", args=[nomination.pk]), data)


def test_ministry_records_an_award_and_the_unit_page_shows_it(
    client, world, passed, ministry, staff_b
):
    client.force_login(ministry)
    page = client.get(reverse("awards:nomination", args=[passed.pk]))
    assert page.context["can_decide"]
    response = decide(
        client, passed, awarded="1", decision_number="1234/QĐ-BTC", decision_date="15/03/2027"
    )
    assert response.status_code == 302
    passed.refresh_from_db()
    assert passed.status == Nomination.Status.AWARDED and passed.decided_by == ministry
    assert (passed.decision_number, passed.decision_date.isoformat()) == (
        "1234/QĐ-BTC",
        "2027-03-15",
    )
    # Anyone signed in reads a unit's page, with its awards.
    client.force_login(staff_b)
    unit_page = client.get(reverse("blocs:unit_detail", args=[world.unit_a.code])).content.decode()
    assert "1234/QĐ-BTC" in unit_page and passed.award_type.name_vi in unit_page
    other = client.get(reverse("blocs:unit_detail", args=[world.unit_deputy.code])).content.decode()
    assert "1234/QĐ-BTC" not in other


def test_an_award_needs_its_decision_number_and_date(client, passed, ministry):
    client.force_login(ministry)
    response = decide(client, passed, awarded="1", decision_number="", decision_date="")
    assert response.status_code == 400
    assert set(response.context["decision_form"].errors) == {"decision_number", "decision_date"}
    bad_date = decide(
        client, passed, awarded="1", decision_number="12/QĐ", decision_date="31/02/2027"
    )
    assert bad_date.status_code == 400 and "12/QĐ" in bad_date.content.decode()
    passed.refresh_from_db()
    assert passed.status == Nomination.Status.PASSED


def test_not_awarded_and_a_later_correction(client, passed, ministry):
    client.force_login(ministry)
    assert (
        decide(client, passed, awarded="0", decision_number="", decision_date="").status_code == 302
    )
    passed.refresh_from_db()
    assert passed.status == Nomination.Status.NOT_AWARDED
    assert (
        decide(
            client, passed, awarded="1", decision_number="9/QĐ", decision_date="01/04/2027"
        ).status_code
        == 302
    )
    passed.refresh_from_db()
    assert passed.status == Nomination.Status.AWARDED


def test_no_decision_on_a_nomination_the_bloc_has_not_passed(
    client, world, nominate, flag, ministry
):
    proposed = nominate(flag, world.unit_deputy)
    client.force_login(ministry)
    assert not client.get(reverse("awards:nomination", args=[proposed.pk])).context["can_decide"]
    response = decide(
        client, proposed, awarded="1", decision_number="1/QĐ", decision_date="01/01/2027"
    )
    assert response.status_code == 400
    proposed.refresh_from_db()
    assert proposed.status == Nomination.Status.PROPOSED


@pytest.mark.parametrize(
    "persona", ["bloc_leader", "staff_a", "unit_leader_a", "last_year_leader", "staff_b"]
)
def test_only_the_ministry_records_decisions(client, request, passed, persona):
    client.force_login(request.getfixturevalue(persona))
    response = decide(
        client, passed, awarded="1", decision_number="1/QĐ", decision_date="01/01/2027"
    )
    assert response.status_code == 403
    passed.refresh_from_db()
    assert passed.status == Nomination.Status.PASSED


def test_anonymous_cannot_record_a_decision(client, passed):
    response = decide(
        client, passed, awarded="1", decision_number="1/QĐ", decision_date="01/01/2027"
    )
    assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]


def test_the_ministry_reads_but_does_not_vote_or_score(
    client, world, ministry, meeting, flag, nominate, make_vote, everyone_present
):
    from awards.models import Vote

    vote = make_vote(flag, [nominate(flag, world.unit_a)], status=Vote.Status.OPEN)
    client.force_login(ministry)
    assert (
        client.get(
            reverse("awards:bloc_year", kwargs={"bloc_code": "khoi-x", "year": world.year})
        ).status_code
        == 200
    )
    assert (
        client.get(
            reverse("awards:bloc_year", kwargs={"bloc_code": "khoi-y", "year": world.year})
        ).status_code
        == 200
    )
    page = client.get(reverse("awards:vote", args=[vote.pk]))
    assert page.status_code == 200 and not page.context["can_cast"]
    assert client.post(reverse("awards:vote_close", args=[vote.pk])).status_code == 403
