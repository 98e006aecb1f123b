"""Membership by year and the yearly leadership: the rules the data must hold."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from blocs.models import BlocYear, Membership, MemberUnit, SuperiorBody
from blocs.services import add_member, carry_memberships_forward, set_leadership
from tests.factories import BlocFactory, MembershipFactory, MemberUnitFactory


def test_unit_cannot_join_two_blocs_in_one_year_and_the_reason_names_the_bloc(world):
    with translation.override("vi"), pytest.raises(ValidationError) as excinfo:
        add_member(world.bloc_y, world.unit_a, world.year)
    message = " ".join(excinfo.value.messages)
    assert "đã là thành viên của khối Tây Nguyên và Duyên hải Miền Trung" in message
    assert str(world.year) in message
    assert not Membership.objects.filter(bloc=world.bloc_y, unit=world.unit_a).exists()


def test_database_refuses_a_second_bloc_in_the_same_year_even_without_validation(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(bloc=world.bloc_y, unit=world.unit_a, year=world.year)


def test_unit_may_change_bloc_from_one_year_to_the_next(world):
    add_member(world.bloc_y, world.unit_a, world.year + 1)
    assert world.unit_a.bloc_in(world.year) == world.bloc_x
    assert world.unit_a.bloc_in(world.year + 1) == world.bloc_y


def test_leader_must_be_a_member_that_year(world):
    with translation.override("vi"), pytest.raises(ValidationError) as excinfo:
        set_leadership(world.bloc_x, world.year + 1, world.unit_leader)
    assert "không phải thành viên của khối" in excinfo.value.message_dict["leader"][0]
    assert not BlocYear.objects.filter(bloc=world.bloc_x, year=world.year + 1).exists()


def test_deputy_from_another_bloc_is_refused(world):
    with pytest.raises(ValidationError) as excinfo:
        set_leadership(world.bloc_x, world.year, world.unit_a, deputy=world.unit_b)
    assert "deputy" in excinfo.value.message_dict


def test_leader_and_deputy_must_differ(world):
    with translation.override("vi"), pytest.raises(ValidationError) as excinfo:
        set_leadership(world.bloc_x, world.year, world.unit_a, deputy=world.unit_a)
    assert "phải là hai đơn vị khác nhau" in " ".join(excinfo.value.messages)


def test_set_leadership_replaces_the_year_without_a_second_row(world):
    set_leadership(world.bloc_x, world.year, world.unit_a, deputy=world.unit_leader)
    bloc_year = BlocYear.objects.get(bloc=world.bloc_x, year=world.year)
    assert (bloc_year.leader, bloc_year.deputy) == (world.unit_a, world.unit_leader)
    assert BlocYear.objects.filter(bloc=world.bloc_x, year=world.year).count() == 1


def test_one_leadership_per_bloc_and_year_in_the_database(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        BlocYear.objects.create(bloc=world.bloc_x, year=world.year, leader=world.unit_a)


def test_carry_forward_copies_active_members_and_skips_merged_and_taken(world):
    merged = world.unit_deputy
    merged.successor, merged.succeeded_on = world.unit_a, date(world.year, 7, 1)
    merged.save()
    MembershipFactory(bloc=world.bloc_y, unit=world.unit_previous_leader, year=world.year + 1)
    created = carry_memberships_forward(world.bloc_x, world.year, world.year + 1)
    assert {m.unit for m in created} == {world.unit_a, world.unit_leader}
    assert set(world.bloc_x.members_in(world.year + 1)) == {world.unit_a, world.unit_leader}


def test_succession_needs_a_date_and_cannot_loop(db):
    first, second = MemberUnitFactory(), MemberUnitFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberUnit.objects.filter(pk=first.pk).update(successor=second)
    second.successor, second.succeeded_on = first, date(2025, 7, 1)
    second.save()
    first.successor, first.succeeded_on = second, date(2025, 7, 1)
    with pytest.raises(ValidationError) as excinfo:
        first.full_clean()
    assert "successor" in excinfo.value.message_dict


def test_superior_body_is_chosen_by_year(db):
    mpi = SuperiorBody.objects.create(name="Bộ Kế hoạch và Đầu tư", from_year=2003, to_year=2024)
    mof = SuperiorBody.objects.create(name="Bộ Tài chính", from_year=2025)
    assert SuperiorBody.for_year(2024) == mpi
    assert SuperiorBody.for_year(2025) == mof
    assert SuperiorBody.for_year(2030) == mof
    assert SuperiorBody.for_year(2001) is None


def test_superior_bodies_may_not_overlap(db):
    SuperiorBody.objects.create(name="Bộ Kế hoạch và Đầu tư", from_year=2003, to_year=2024)
    overlapping = SuperiorBody(name="Bộ Tài chính", from_year=2024)
    with pytest.raises(ValidationError):
        overlapping.full_clean()


def test_bloc_members_in_a_year(world):
    other = BlocFactory()
    MembershipFactory(bloc=other, year=world.year)
    assert list(world.bloc_x.members_in(world.year)) == sorted(
        [world.unit_a, world.unit_leader, world.unit_previous_leader, world.unit_deputy],
        key=lambda u: u.name,
    )
