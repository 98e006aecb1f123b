"""Pact pages from the outside, creating a pact from last year's, and editing a draft."""

from decimal import Decimal

import pytest
from django.urls import reverse

from pacts.models import Pact, ScoringCriterion

S = Pact.Status


@pytest.mark.parametrize(
    "name", ["pacts:detail", "pacts:edit", "pacts:clauses", "pacts:scoring", "pacts:registration"]
)
def test_anonymous_is_sent_to_sign_in(client, make_pact, name):
    pact = make_pact(status=S.OPEN)
    response = client.get(reverse(name, args=[pact.pk]))
    assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]


def test_list_requires_sign_in(client, db):
    assert client.get(reverse("pacts:list")).status_code == 302


@pytest.mark.parametrize(
    ("persona", "draft", "opened"),
    [
        ("bloc_leader", 200, 200),
        ("staff_a", 403, 200),
        ("last_year_leader", 403, 200),
        ("staff_b", 403, 403),
        ("ministry", 200, 200),
    ],
)
def test_who_sees_a_draft_and_an_open_pact(client, request, make_pact, persona, draft, opened):
    draft_pact = make_pact(status=S.DRAFT)
    open_pact = make_pact(status=S.OPEN, year=draft_pact.year - 1)
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("pacts:detail", args=[draft_pact.pk])).status_code == draft
    assert client.get(reverse("pacts:detail", args=[open_pact.pk])).status_code == opened
    listed = set(client.get(reverse("pacts:list")).context["pacts"])
    assert (draft_pact in listed) == (draft == 200)
    assert (open_pact in listed) == (opened == 200)


@pytest.mark.parametrize("persona", ["staff_a", "last_year_leader", "ministry", "staff_b"])
@pytest.mark.parametrize("name", ["pacts:edit", "pacts:clauses", "pacts:scoring"])
def test_only_this_years_leader_edits_a_draft(client, request, make_pact, persona, name):
    pact = make_pact()
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse(name, args=[pact.pk])).status_code == 403


def test_even_the_leader_cannot_edit_an_open_pact(client, make_pact, bloc_leader):
    pact = make_pact(status=S.OPEN)
    client.force_login(bloc_leader)
    assert client.get(reverse("pacts:edit", args=[pact.pk])).status_code == 403


def test_leader_creates_this_years_pact_as_a_copy_of_last_years(
    client, make_pact, bloc_leader, world
):
    last = make_pact(status=S.ARCHIVED, year=world.year - 1)
    last.title = f"Giao ước thi đua năm {world.year - 1}"
    last.save()
    client.force_login(bloc_leader)
    assert client.get(reverse("pacts:list")).context["can_create"]
    response = client.post(
        reverse("pacts:create"),
        {"bloc": world.bloc_x.pk, "year": world.year, "copy_previous": "on"},
    )
    pact = Pact.objects.get(bloc=world.bloc_x, year=world.year)
    assert response.status_code == 302 and response["Location"] == pact.get_absolute_url()
    assert pact.status == S.DRAFT and pact.copied_from == last
    assert pact.title == f"Giao ước thi đua năm {world.year}"
    assert [c.text for c in pact.clauses.all()] == [c.text for c in last.clauses.all()]
    assert pact.criteria_total() == Decimal(100)
    assert set(pact.indicators.all()) == set(last.indicators.all())
    assert pact.adjustments.count() == 1
    # The copy is independent: editing it leaves last year's alone.
    ScoringCriterion.objects.filter(group__pact=pact).update(max_points=1)
    assert last.criteria_total() == Decimal(100)


def test_last_years_leader_cannot_create_this_years_pact(client, last_year_leader, world):
    client.force_login(last_year_leader)
    assert not client.get(reverse("pacts:list")).context["can_create"]
    assert client.get(reverse("pacts:create")).status_code == 403


def test_edit_form_reads_vietnamese_points_and_keeps_bad_input(client, make_pact, bloc_leader):
    pact = make_pact()
    client.force_login(bloc_leader)
    url = reverse("pacts:edit", args=[pact.pk])
    data = {
        "title": "Giao ước 2026",
        "number": "02/GƯ-KTĐ",
        "place": "Quy Nhơn",
        "preamble": "Căn cứ Luật Thi đua, khen thưởng",
        "total_points": "10.000,5",
        "bonus_cap": "5",
        "penalty_cap": "10",
    }
    response = client.post(url, data)
    assert response.status_code == 200  # 10000.50 has too many digits for the points field
    data["total_points"] = "abc"
    response = client.post(url, data)
    assert 'value="abc"' in response.content.decode()
    data["total_points"] = "100,00"
    assert client.post(url, data).status_code == 302
    pact.refresh_from_db()
    assert pact.total_points == Decimal(100) and pact.number == "02/GƯ-KTĐ"


def test_leader_edits_clauses_and_criteria(client, make_pact, bloc_leader):
    pact = make_pact()
    client.force_login(bloc_leader)
    clauses = list(pact.clauses.all())
    data = {
        "clauses-TOTAL_FORMS": "3",
        "clauses-INITIAL_FORMS": "2",
        "clauses-MIN_NUM_FORMS": "0",
        "clauses-MAX_NUM_FORMS": "1000",
    }
    for n, clause in enumerate(clauses):
        data.update(
            {
                f"clauses-{n}-id": clause.pk,
                f"clauses-{n}-order": n + 1,
                f"clauses-{n}-text": clause.text,
            }
        )
    data["clauses-1-DELETE"] = "on"
    data.update({"clauses-2-order": "3", "clauses-2-text": "Giữ vững an ninh trật tự."})
    assert client.post(reverse("pacts:clauses", args=[pact.pk]), data).status_code == 302
    assert [c.text for c in pact.clauses.all()] == [clauses[0].text, "Giữ vững an ninh trật tự."]

    group = pact.criteria_groups.get()
    criteria = list(group.criteria.all())
    data = {
        "criteria-TOTAL_FORMS": "2",
        "criteria-INITIAL_FORMS": "2",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000",
    }
    for n, (criterion, points) in enumerate(zip(criteria, ["57,5", "42,5"], strict=True)):
        data.update(
            {
                f"criteria-{n}-id": criterion.pk,
                f"criteria-{n}-order": n + 1,
                f"criteria-{n}-text": criterion.text,
                f"criteria-{n}-max_points": points,
                f"criteria-{n}-guidance": "",
            }
        )
    url = reverse("pacts:group", args=[pact.pk, group.pk])
    assert client.post(url, data).status_code == 302
    assert sorted(c.max_points for c in group.criteria.all()) == [Decimal("42.5"), Decimal("57.5")]
    data["criteria-0-max_points"] = "năm mươi"
    response = client.post(url, data)
    assert response.status_code == 200 and 'value="năm mươi"' in response.content.decode()


def test_open_with_a_mismatched_total_is_refused_on_the_page(client, make_pact, bloc_leader):
    pact = make_pact(total_points=90)
    client.force_login(bloc_leader)
    page = client.get(reverse("pacts:detail", args=[pact.pk])).content.decode()
    assert "nhưng tổng điểm khai báo là 90" in page
    response = client.post(reverse("pacts:status", args=[pact.pk]), {"action": "open"})
    assert response.status_code == 400
    assert Pact.objects.get(pk=pact.pk).status == S.DRAFT


def test_reopen_without_a_reason_keeps_the_page_and_says_why(client, make_pact, bloc_leader):
    pact = make_pact(status=S.SIGNED)
    client.force_login(bloc_leader)
    response = client.post(
        reverse("pacts:status", args=[pact.pk]), {"action": "reopen", "reason": ""}
    )
    assert response.status_code == 400
    assert "cần ghi rõ lý do" in response.content.decode()
    response = client.post(
        reverse("pacts:status", args=[pact.pk]),
        {"action": "reopen", "reason": "Điều chỉnh bảng điểm"},
    )
    assert response.status_code == 302
    assert Pact.objects.get(pk=pact.pk).status == S.DRAFT


def test_detail_page_shows_the_scoring_table_as_members_will_score(client, make_pact, staff_a):
    pact = make_pact(status=S.OPEN)
    client.force_login(staff_a)
    content = client.get(reverse("pacts:detail", args=[pact.pk])).content.decode()
    assert "Thu hút đầu tư" in content and "Tự chấm" in content
    assert "1.1" in content and "1.2" in content


def test_detail_page_query_count_does_not_grow_with_members(
    client, make_pact, bloc_leader, world, django_assert_max_num_queries
):
    from tests.factories import MembershipFactory

    pact = make_pact(status=S.OPEN)
    for _ in range(15):
        MembershipFactory(bloc=world.bloc_x, year=world.year)
    client.force_login(bloc_leader)
    with django_assert_max_num_queries(30):
        response = client.get(reverse("pacts:detail", args=[pact.pk]))
    assert len(response.context["member_rows"]) == 19


def test_administrators_can_inspect_pacts_but_not_change_their_status(
    client, make_pact, admin_user
):
    pact = make_pact(status=S.OPEN)
    client.force_login(admin_user)
    assert client.get(reverse("admin:pacts_pact_changelist"), {"q": "Giao ước"}).status_code == 200
    page = client.get(reverse("admin:pacts_pact_change", args=[pact.pk]))
    assert page.status_code == 200
    assert "status" not in page.context["adminform"].form.fields
