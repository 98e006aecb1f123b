"""The portal's other forms under arbitrary input: pact registration, editing and clauses,
nominations, meetings with their agenda, votes (settings, ballots, written opinions, paper
counts, closing, receipts), the reporting periods and the review of a report, sign-in and
the password change. Never a server error; a refused form is shown again with its reasons
(or answered 4xx) and nothing of it is saved."""

from django.urls import reverse
from django.utils.html import escape
from hypothesis import event, example, given
from hypothesis import strategies as st

from awards.models import AgendaItem, Decision, Meeting, Nomination, Vote
from pacts.models import Pact, PactClause, Registration, RegistrationTarget
from reports.models import ReportingPeriod, UnitReport
from tests.factories import UserFactory
from tests.fuzz.strategies import (
    dates,
    formset_counts,
    fuzz,
    ids,
    number_texts,
    rows,
    texts,
    times,
)

STATUS_REFUSED = {200, 400, 403, 404, 409}


def _messages(form) -> list[str]:
    """Every error message of a form or a formset."""
    if hasattr(form, "forms"):
        found = list(form.non_form_errors())
        for each in form.forms:
            found += _messages(each)
        return found
    return [message for errors in form.errors.values() for message in errors]


def _shows_errors(response, *names) -> None:
    """The page shows at least one of the reasons the form was refused."""
    page = response.content.decode()
    forms = [response.context[name] for name in names]
    if not any(form.is_bound for form in forms):
        return  # an empty POST (no field at all) is answered with the blank form
    found = [m for form in forms for m in _messages(form)]
    assert found, "refused without a reason"
    assert any(escape(m) in page for m in found), f"reasons not shown: {found}"


# Pacts ------------------------------------------------------------------------------------


@fuzz(40)
@given(
    targets=st.lists(number_texts, min_size=3, max_size=3),
    awards=st.lists(ids, max_size=3),
    note=texts,
)
def test_pact_registration(client, pact_of_x, staff_a, targets, awards, note):
    client.force_login(staff_a)
    indicators = list(pact_of_x.indicators.order_by("display_order", "code"))
    data = {f"target_{i.pk}": text for i, text in zip(indicators, targets, strict=True)}
    data.update(award_types=awards, note=note)
    before = (rows(Registration.objects.all()), rows(RegistrationTarget.objects.all()))

    response = client.post(reverse("pacts:registration", args=[pact_of_x.pk]), data)

    assert response.status_code in (200, 302), response.status_code
    event(f"registration: HTTP {response.status_code}")
    if response.status_code == 200:
        _shows_errors(response, "form")
        assert (rows(Registration.objects.all()), rows(RegistrationTarget.objects.all())) == before


@fuzz(40)
@given(
    fields=st.fixed_dictionaries(
        {},
        optional={
            "title": texts,
            "number": texts,
            "place": texts,
            "preamble": texts,
            "total_points": number_texts,
            "bonus_cap": number_texts,
            "penalty_cap": number_texts,
            "indicators": st.lists(ids, max_size=4),
        },
    )
)
def test_pact_edit(client, pact_of_x, bloc_leader, fields):
    Pact.objects.filter(pk=pact_of_x.pk).update(status=Pact.Status.DRAFT)
    client.force_login(bloc_leader)
    before = rows(Pact.objects.all())

    response = client.post(reverse("pacts:edit", args=[pact_of_x.pk]), fields)

    assert response.status_code in (200, 302), response.status_code
    event(f"pact edit: HTTP {response.status_code}")
    if response.status_code == 200:
        _shows_errors(response, "form")
        assert rows(Pact.objects.all()) == before


@fuzz(30)
@example(total="9" * 30, initial="0", forms=[])
# A row id that is no clause of this pact: refused, and the reason shown with the row.
@example(total="1", initial="1", forms=[("1", "Điều khoản", "999999", False)])
@given(
    total=formset_counts,
    initial=formset_counts,
    forms=st.lists(st.tuples(ids, texts, ids, st.booleans()), max_size=4),
)
def test_pact_clauses(client, pact_of_x, bloc_leader, total, initial, forms):
    Pact.objects.filter(pk=pact_of_x.pk).update(status=Pact.Status.DRAFT)
    client.force_login(bloc_leader)
    data = {"clauses-TOTAL_FORMS": total, "clauses-INITIAL_FORMS": initial}
    for n, (order, text, pk, delete) in enumerate(forms):
        data.update({f"clauses-{n}-order": order, f"clauses-{n}-text": text, f"clauses-{n}-id": pk})
        if delete:
            data[f"clauses-{n}-DELETE"] = "on"
    before = rows(PactClause.objects.all())

    response = client.post(reverse("pacts:clauses", args=[pact_of_x.pk]), data)

    assert response.status_code in (200, 302), response.status_code
    event(f"clauses: HTTP {response.status_code}")
    if response.status_code == 200:
        _shows_errors(response, "formset")
        assert rows(PactClause.objects.all()) == before


# Awards -----------------------------------------------------------------------------------


@fuzz(40)
@given(
    award_type=ids,
    unit=st.one_of(ids, st.just("own")),
    name=texts,
    title=texts,
    achievements=texts,
)
def test_nomination_form(client, world, bloc_leader, award_type, unit, name, title, achievements):
    client.force_login(bloc_leader)
    data = {
        "award_type": award_type,
        "unit": str(world.unit_a.pk) if unit == "own" else unit,
        "nominee_name": name,
        "nominee_title": title,
        "achievements": achievements,
    }
    before = rows(Nomination.objects.all())
    url = reverse("awards:nomination_create", kwargs={"bloc_code": "khoi-x", "year": world.year})

    response = client.post(url, data)

    assert response.status_code in (302, 400), response.status_code
    event(f"nomination: HTTP {response.status_code}")
    if response.status_code == 400:
        _shows_errors(response, "form")
        assert rows(Nomination.objects.all()) == before


@fuzz(40)
@given(
    fields=st.fixed_dictionaries(
        {
            "kind": st.one_of(st.sampled_from([k for k in Meeting.Kind.values]), texts),
            "title": texts,
            "held_on": dates,
            "place": texts,
        },
        optional={
            "number": texts,
            "starts_at": times,
            "host": ids,
            "chair_name": texts,
            "guests": texts,
            "proceedings": texts,
        },
    ),
    agenda_total=formset_counts,
    agenda=st.lists(st.tuples(ids, texts), max_size=3),
)
def test_meeting_form(client, world, bloc_leader, fields, agenda_total, agenda):
    client.force_login(bloc_leader)
    data = dict(fields)
    data.update({"agenda-TOTAL_FORMS": agenda_total, "agenda-INITIAL_FORMS": "0"})
    data.update({"decisions-TOTAL_FORMS": "0", "decisions-INITIAL_FORMS": "0"})
    for n, (order, title) in enumerate(agenda):
        data.update({f"agenda-{n}-order": order, f"agenda-{n}-title": title})
    before = (rows(Meeting.objects.all()), rows(AgendaItem.objects.all()), Decision.objects.count())
    url = reverse("awards:meeting_create", kwargs={"bloc_code": "khoi-x", "year": world.year})

    response = client.post(url, data)

    assert response.status_code in (302, 400), response.status_code
    event(f"meeting: HTTP {response.status_code}")
    if response.status_code == 400:
        _shows_errors(response, "form", "agenda", "decisions")
        after = (
            rows(Meeting.objects.all()),
            rows(AgendaItem.objects.all()),
            Decision.objects.count(),
        )
        assert after == before


VOTE_FIELDS = {
    "title": texts,
    "seats": ids,
    "method": st.one_of(st.sampled_from([m for m in Vote.Method.values]), texts),
    "secret": st.sampled_from(["on", "", "x"]),
    "mode": st.one_of(st.sampled_from([m for m in Vote.Mode.values]), texts),
    "threshold_percent": number_texts,
    "threshold_comparison": texts,
    "threshold_base": texts,
    "quorum_numerator": ids,
    "quorum_denominator": ids,
    "closes_at": dates,
    "nominations": st.lists(ids, max_size=3),
}


@fuzz(30)
@given(fields=st.fixed_dictionaries({}, optional=VOTE_FIELDS))
def test_vote_settings_form(client, meeting, open_vote, bloc_leader, fields):
    client.force_login(bloc_leader)
    before = (rows(Vote.objects.all()), open_vote.candidates.count())
    url = reverse("awards:vote_create", args=[meeting.pk]) + "?loai=co-thi-dua-bo"

    response = client.post(url, fields)

    assert response.status_code in (302, 400), response.status_code
    event(f"vote settings: HTTP {response.status_code}")
    if response.status_code == 400:
        _shows_errors(response, "form")
        assert (rows(Vote.objects.all()), open_vote.candidates.count()) == before


@fuzz(60)
@given(
    action=st.sampled_from(
        ["vote_cast", "vote_written", "vote_paper", "vote_close", "vote_receipt"]
    ),
    data=st.dictionaries(
        st.sampled_from(
            [
                "unit",
                "tied",
                "receipt",
                "issued",
                "valid",
                "invalid",
                "no_quorum_reason",
                "tie_break_note",
            ]
            + [f"c_{n}" for n in range(1, 5)]
            + [f"t_{n}" for n in range(1, 5)]
        ),
        st.one_of(ids, texts, st.lists(ids, max_size=3)),
        max_size=6,
    ),
    as_leader=st.booleans(),
)
def test_vote_pages(client, open_vote, bloc_leader, unit_leaders, action, data, as_leader):
    user = bloc_leader if as_leader else next(iter(unit_leaders.values()))
    client.force_login(user)
    # Candidates' ids as the forms name them, so that some ballots and counts are well-formed.
    candidates = list(open_vote.candidates.order_by("pk"))
    posted = {}
    for key, value in data.items():
        if key[:2] in ("c_", "t_") and int(key[2:]) <= len(candidates):
            key = f"{key[:2]}{candidates[int(key[2:]) - 1].pk}"
        posted[key] = value

    response = client.post(reverse(f"awards:{action}", args=[open_vote.pk]), posted)

    assert response.status_code < 500, response.status_code
    event(f"{action}: HTTP {response.status_code}")


# Reports: periods and review ---------------------------------------------------------------


@fuzz(30)
@given(h1_opens=dates, h1_deadline=dates, fy_opens=dates, fy_deadline=dates)
def test_reporting_periods_form(
    client, world, bloc_leader, h1_opens, h1_deadline, fy_opens, fy_deadline
):
    client.force_login(bloc_leader)
    data = {
        "H1-opens_on": h1_opens,
        "H1-deadline": h1_deadline,
        "FY-opens_on": fy_opens,
        "FY-deadline": fy_deadline,
    }
    url = reverse("reports:periods", kwargs={"bloc_code": "khoi-x", "year": world.year})
    client.get(url)  # the periods exist once the page was opened
    before = rows(ReportingPeriod.objects.all())

    response = client.post(url, data)

    assert response.status_code in (302, 400), response.status_code
    event(f"periods: HTTP {response.status_code}")
    if response.status_code == 400:
        page = response.content.decode()
        forms = [form for _period, form in response.context["forms_by_period"]]
        assert any(escape(m) in page for form in forms for m in _messages(form))
        assert rows(ReportingPeriod.objects.all()) == before


@fuzz(30)
@given(action=st.one_of(st.sampled_from(["accept", "return", "reopen"]), texts), reason=texts)
def test_report_review_form(client, report_a, bloc_leader, action, reason):
    UnitReport.objects.filter(pk=report_a.pk).update(status=UnitReport.Status.SUBMITTED)
    client.force_login(bloc_leader)
    before = rows(UnitReport.objects.all())

    response = client.post(
        reverse("reports:review", args=[report_a.pk]), {"action": action, "reason": reason}
    )

    assert response.status_code in (302, 400), response.status_code
    event(f"review: HTTP {response.status_code}")
    if response.status_code == 400 or action not in ("accept", "return", "reopen"):
        assert rows(UnitReport.objects.all()) == before


# Accounts ---------------------------------------------------------------------------------


@fuzz(40)
@given(username=texts, password=texts)
def test_sign_in_form(client, staff_a, username, password):
    client.logout()

    response = client.post(reverse("accounts:login"), {"username": username, "password": password})

    # Refused (or, once too many failures, locked out): never signed in, never a server error.
    assert response.status_code in (200, 403, 429), response.status_code
    event(f"sign-in: HTTP {response.status_code}")
    assert "_auth_user_id" not in client.session
    if response.status_code == 200:
        _shows_errors(response, "form")


@fuzz(40)
@given(
    old=st.one_of(texts, st.just("mat-khau-an-toan-2026")),
    new1=texts,
    new2=st.one_of(texts, st.just("same")),
)
def test_password_change_form(client, world, old, new1, new2):
    user = UserFactory(unit=world.unit_a, is_board_staff=True)  # password mat-khau-an-toan-2026
    client.force_login(user)
    new2 = new1 if new2 == "same" else new2

    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": old, "new_password1": new1, "new_password2": new2},
    )

    assert response.status_code in (200, 302), response.status_code
    event(f"password change: HTTP {response.status_code}")
    user.refresh_from_db()
    if response.status_code == 200:
        _shows_errors(response, "form")
        assert user.check_password("mat-khau-an-toan-2026")
    else:
        assert user.check_password(new1)
