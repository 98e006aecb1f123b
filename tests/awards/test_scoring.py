"""Agreed scores, totals with the pact's caps, and the ranking with ties (awards.scoring)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from awards.models import AgreedScore
from awards.scoring import ScoreLines, bloc_ranking, capped_total, rank_totals
from awards.services import save_agreed_scores
from tests.factories import MembershipFactory, MemberUnitFactory

D = Decimal


def agree(pact, unit, c1, c2, bonus=(), penalty=()):
    AgreedScore.objects.create(pact=pact, unit=unit, criterion=pact.c1, points=D(c1))
    AgreedScore.objects.create(pact=pact, unit=unit, criterion=pact.c2, points=D(c2))
    for item, points in (*bonus, *penalty):
        AgreedScore.objects.create(pact=pact, unit=unit, adjustment=item, points=D(points))


def test_caps_limit_bonus_and_penalty_points():
    lines = ScoreLines(
        criteria=(D("50"), D("30")), bonuses=(D("3"), D("3")), penalties=(D("4"), D("8"))
    )
    # 80 criteria points; bonus 6 capped at 5; penalty 12 capped at 10.
    assert capped_total(lines, bonus_cap=D("5"), penalty_cap=D("10")) == D("75")
    assert capped_total(lines, bonus_cap=D("10"), penalty_cap=D("20")) == D("74")


def test_competition_ranking_shares_ranks_between_equal_totals():
    totals = {"a": D("90"), "b": D("95"), "c": D("90"), "d": D("80")}
    ranked = rank_totals(totals, name_of=str)
    assert ranked == [("b", 1, False), ("a", 2, True), ("c", 2, True), ("d", 4, False)]


def test_ranking_orders_by_agreed_total_with_ties_and_unscored_last(world, pact, self_scores):
    self_scores(world.unit_a, "55", "35", bonus=[(pact.b1, "3"), (pact.b2, "3")])
    self_scores(world.unit_leader, "58", "38")
    agree(pact, world.unit_a, "52", "34", bonus=[(pact.b1, "3"), (pact.b2, "3")])  # 86 + 5
    agree(pact, world.unit_leader, "55", "36")  # 91
    agree(pact, world.unit_deputy, "60", "40", penalty=[(pact.p1, "4")])  # 100 - 4 = 96

    rows = bloc_ranking(world.bloc_x, world.year)

    assert [(r.unit, r.rank, r.tied) for r in rows] == [
        (world.unit_deputy, 1, False),
        (world.unit_a, 2, True),
        (world.unit_leader, 2, True),
        (world.unit_previous_leader, None, False),
    ]
    by_unit = {r.unit: r for r in rows}
    assert by_unit[world.unit_a].self_total == D(55 + 35 + 5)
    assert by_unit[world.unit_a].agreed_total == D(52 + 34 + 5)
    assert by_unit[world.unit_leader].self_total == D(58 + 38)
    assert by_unit[world.unit_deputy].self_total is None
    assert by_unit[world.unit_deputy].agreed_total == D(60 + 40 - 4)
    assert by_unit[world.unit_previous_leader].agreed_total is None
    assert by_unit[world.unit_a].is_complete and by_unit[world.unit_a].criteria_count == 2


def test_ranking_keeps_the_name_the_report_was_filed_under(world, pact, self_scores):
    report = self_scores(world.unit_a, "50", "30")
    report.unit_name = "Ban Quản lý các KCN tỉnh Đắk Lắk (tên cũ)"
    report.save()
    rows = {r.unit: r for r in bloc_ranking(world.bloc_x, world.year)}
    assert rows[world.unit_a].unit_name == "Ban Quản lý các KCN tỉnh Đắk Lắk (tên cũ)"
    assert rows[world.unit_deputy].unit_name == world.unit_deputy.name


def test_ranking_without_a_pact_lists_every_member_unscored(world):
    rows = bloc_ranking(world.bloc_y, world.year)
    assert [(r.unit, r.rank, r.self_total, r.agreed_total) for r in rows] == [
        (world.unit_b, None, None, None)
    ]


def test_ranking_runs_a_fixed_number_of_queries(
    world, pact, self_scores, django_assert_num_queries
):
    agree(pact, world.unit_a, "50", "30")
    with django_assert_num_queries(5):
        small = bloc_ranking(world.bloc_x, world.year)
    for n in range(12):
        unit = MemberUnitFactory()
        MembershipFactory(bloc=world.bloc_x, unit=unit, year=world.year)
        self_scores(unit, str(40 + n), "20")
        agree(pact, unit, str(30 + n), "20", bonus=[(pact.b1, "1")])
    with django_assert_num_queries(5):
        large = bloc_ranking(world.bloc_x, world.year)
    assert len(small) == 4 and len(large) == 16


def test_leader_saves_agreed_scores_and_an_empty_field_removes_one(world, pact, bloc_leader):
    save_agreed_scores(
        pact,
        world.unit_a,
        {("criterion", pact.c1.pk): D("50"), ("criterion", pact.c2.pk): None},
        by=bloc_leader,
    )
    save_agreed_scores(pact, world.unit_a, {("criterion", pact.c1.pk): D("45")}, by=bloc_leader)
    assert list(AgreedScore.objects.values_list("criterion_id", "points")) == [
        (pact.c1.pk, D("45"))
    ]
    save_agreed_scores(pact, world.unit_a, {("criterion", pact.c1.pk): None}, by=bloc_leader)
    assert not AgreedScore.objects.exists()


@pytest.mark.parametrize("persona", ["staff_a", "last_year_leader", "ministry", "staff_b"])
def test_only_this_years_leader_may_agree_scores(request, world, pact, persona):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        save_agreed_scores(
            pact,
            world.unit_a,
            {("criterion", pact.c1.pk): D("1")},
            by=request.getfixturevalue(persona),
        )
    assert not AgreedScore.objects.exists()


def url(world, name="awards:ranking", **kw):
    return reverse(name, kwargs={"bloc_code": world.bloc_x.code, "year": world.year, **kw})


def test_leader_enters_agreed_scores_typed_the_vietnamese_way(client, world, pact, bloc_leader):
    client.force_login(bloc_leader)
    page = url(world, "awards:score_unit", unit_code=world.unit_a.code)
    assert client.get(page).status_code == 200
    response = client.post(
        page,
        {f"s_{pact.c1.pk}": "52,5", f"s_{pact.c2.pk}": "34", f"a_{pact.b1.pk}": "2,5"},
    )
    assert response.status_code == 302 and response["Location"] == url(world)
    row = next(r for r in bloc_ranking(world.bloc_x, world.year) if r.unit == world.unit_a)
    assert row.agreed_total == D("52.5") + D("34") + D("2.5")


def test_points_above_an_items_maximum_or_the_cap_are_refused_and_kept(
    client, world, pact, bloc_leader
):
    client.force_login(bloc_leader)
    page = url(world, "awards:score_unit", unit_code=world.unit_a.code)
    over_max = client.post(page, {f"s_{pact.c1.pk}": "61", f"s_{pact.c2.pk}": "30"})
    assert over_max.status_code == 400 and not AgreedScore.objects.exists()
    assert 'value="61"' in over_max.content.decode()
    # Each bonus within its own maximum (3) but 6 in all, above the cap of 5.
    pact.b1.max_points = pact.b2.max_points = D("3")
    over_cap = client.post(page, {f"a_{pact.b1.pk}": "3", f"a_{pact.b2.pk}": "3"})
    assert over_cap.status_code == 400 and not AgreedScore.objects.exists()
    assert over_cap.context["form"].non_field_errors()
    not_a_number = client.post(page, {f"s_{pact.c1.pk}": "năm mươi"})
    assert not_a_number.status_code == 400


def test_the_leader_can_start_from_the_self_scores(client, world, pact, self_scores, bloc_leader):
    self_scores(world.unit_a, "55", "35")
    client.force_login(bloc_leader)
    page = url(world, "awards:score_unit", unit_code=world.unit_a.code)
    response = client.get(page + "?tu-cham=1")
    assert response.context["form"][f"s_{pact.c1.pk}"].initial == D("55")
    assert 'value="55,00"' in response.content.decode()
    assert not AgreedScore.objects.exists()


@pytest.mark.parametrize(
    ("persona", "ranking", "post"),
    [
        ("bloc_leader", 200, 302),
        ("staff_a", 200, 403),
        ("unit_leader_a", 200, 403),
        ("last_year_leader", 200, 403),
        ("ministry", 200, 403),
        ("staff_b", 403, 403),
    ],
)
def test_who_sees_the_ranking_and_who_scores(client, request, world, pact, persona, ranking, post):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url(world)).status_code == ranking
    response = client.post(
        url(world, "awards:score_unit", unit_code=world.unit_a.code), {f"s_{pact.c1.pk}": "10"}
    )
    assert response.status_code == post
    assert AgreedScore.objects.exists() == (post == 302)


def test_last_years_leader_scores_last_year_but_not_this_year(
    client, world, last_year_leader, bloc_leader
):
    from pacts.models import CriteriaGroup, Pact, ScoringCriterion

    old = Pact.objects.create(bloc=world.bloc_x, year=world.year - 1, title="Giao ước cũ")
    group = CriteriaGroup.objects.create(pact=old, title="Nhóm")
    criterion = ScoringCriterion.objects.create(group=group, text="Tiêu chí", max_points=D(100))
    page = reverse(
        "awards:score_unit",
        kwargs={"bloc_code": world.bloc_x.code, "year": world.year - 1, "unit_code": "dak-lak"},
    )
    client.force_login(bloc_leader)
    assert client.post(page, {f"s_{criterion.pk}": "80"}).status_code == 403
    client.force_login(last_year_leader)
    assert client.post(page, {f"s_{criterion.pk}": "80"}).status_code == 302
    assert AgreedScore.objects.get().points == D(80)


def test_anonymous_is_sent_to_sign_in(client, world):
    response = client.get(url(world))
    assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]


def test_unknown_bloc_unit_or_year_is_404(client, world, bloc_leader):
    client.force_login(bloc_leader)
    missing = reverse("awards:ranking", kwargs={"bloc_code": "khong-co", "year": world.year})
    assert client.get(missing).status_code == 404
    other = reverse("awards:ranking", kwargs={"bloc_code": world.bloc_x.code, "year": 1999})
    assert client.get(other).status_code == 404
    assert client.get(url(world, "awards:score_unit", unit_code="khong-co")).status_code == 404


def test_a_unit_of_another_bloc_cannot_be_scored_here(client, world, pact, bloc_leader):
    client.force_login(bloc_leader)
    page = url(world, "awards:score_unit", unit_code=world.unit_b.code)
    assert client.post(page, {f"s_{pact.c1.pk}": "10"}).status_code == 403


def test_ranking_page_shows_ties_and_links_to_scoring_and_nominating(
    english, world, pact, bloc_leader
):
    agree(pact, world.unit_a, "50", "40")
    agree(pact, world.unit_leader, "60", "30")
    english.force_login(bloc_leader)
    response = english.get(url(world))
    content = response.content.decode()
    assert content.count("tied") >= 2
    assert url(world, "awards:score_unit", unit_code=world.unit_a.code) in content
    assert (
        reverse("awards:nomination_create", kwargs={"bloc_code": "khoi-x", "year": world.year})
        in content
    )
