"""`portal_roles` in the layout: the person's unit and bloc in one query, the same answers as
blocs.access.roles_for, and nothing read twice when the view has worked out the roles."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import RequestContext, Template
from django.test import RequestFactory

from accounts.context_processors import LayoutRoles, roles
from blocs.access import roles_for
from tests.factories import MemberUnitFactory, UserFactory

NAV = Template(
    "{% if portal_roles.bloc %}{{ portal_roles.bloc.get_absolute_url }}{% endif %}|"
    "{% if portal_roles.unit %}{{ portal_roles.unit.get_absolute_url }}{% endif %}"
)
ATTRIBUTES = (
    "year",
    "unit",
    "bloc",
    "is_board_staff",
    "is_unit_leader",
    "is_ministry_staff",
    "is_admin",
    "led_blocs",
    "deputy_blocs",
    "is_bloc_leader",
    "labels",
)


def _nav(user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return NAV.render(RequestContext(request, {}))


@pytest.mark.parametrize(
    "persona", ["staff_a", "bloc_leader", "last_year_leader", "staff_b", "ministry", "admin_user"]
)
def test_the_same_answers_as_roles_for(request, persona):
    user = request.getfixturevalue(persona)
    expected = roles_for(type(user).objects.get(pk=user.pk))
    shown = LayoutRoles(type(user).objects.get(pk=user.pk))
    for name in ATTRIBUTES:
        assert getattr(shown, name) == getattr(expected, name), name


def test_the_links_to_my_unit_and_bloc_cost_one_query(world, staff_a, django_assert_num_queries):
    user = type(staff_a).objects.get(pk=staff_a.pk)
    with django_assert_num_queries(1):
        shown = _nav(user)
    assert shown == f"{world.bloc_x.get_absolute_url()}|{world.unit_a.get_absolute_url()}"


def test_nothing_is_read_again_when_the_view_has_the_roles(
    world, staff_a, django_assert_num_queries
):
    user = type(staff_a).objects.get(pk=staff_a.pk)
    roles_for(user)
    with django_assert_num_queries(0):
        shown = _nav(user)
    assert shown == f"{world.bloc_x.get_absolute_url()}|{world.unit_a.get_absolute_url()}"


def test_asking_for_the_leadership_costs_what_roles_for_did(
    world, bloc_leader, django_assert_num_queries
):
    """The unit and bloc, then the year's leadership: two queries, as roles_for alone."""
    layout = LayoutRoles(type(bloc_leader).objects.get(pk=bloc_leader.pk))
    with django_assert_num_queries(2):
        assert layout.bloc == world.bloc_x
        assert layout.is_bloc_leader and layout.led_blocs == (world.bloc_x,)


def test_a_unit_without_a_bloc_this_year_links_only_to_itself(world, db):
    lonely = MemberUnitFactory(code="don-le", name="BQL Đơn lẻ", province="Cà Mau")
    user = UserFactory(username="canbo.don-le", unit=lonely, is_board_staff=True)
    assert _nav(type(user).objects.get(pk=user.pk)) == f"|{lonely.get_absolute_url()}"


def test_nobody_outside_a_unit_gets_unit_or_bloc_links(ministry, django_assert_num_queries):
    user = type(ministry).objects.get(pk=ministry.pk)
    with django_assert_num_queries(0):
        assert _nav(user) == "|"


def test_anonymous_visitors_get_no_roles(rf):
    request = rf.get("/")
    request.user = AnonymousUser()
    assert roles(request) == {}
