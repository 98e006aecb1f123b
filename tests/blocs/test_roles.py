"""The bloc-leader role follows the year's leadership, not a flag on the user."""

from blocs.access import is_bloc_leader, roles_for
from blocs.services import set_leadership


def test_staff_of_this_years_leader_unit_act_as_bloc_leader(world, bloc_leader):
    roles = roles_for(bloc_leader)
    assert roles.is_bloc_leader
    assert roles.led_blocs == (world.bloc_x,)
    assert is_bloc_leader(bloc_leader, world.bloc_x, world.year)


def test_last_years_leader_has_lost_the_role(world, last_year_leader):
    assert is_bloc_leader(last_year_leader, world.bloc_x, world.year - 1)
    assert not is_bloc_leader(last_year_leader, world.bloc_x, world.year)
    assert not roles_for(last_year_leader).is_bloc_leader


def test_the_role_moves_with_next_years_election(world, bloc_leader, staff_a):
    from blocs.services import carry_memberships_forward

    carry_memberships_forward(world.bloc_x, world.year, world.year + 1)
    set_leadership(world.bloc_x, world.year + 1, world.unit_a)
    assert is_bloc_leader(staff_a, world.bloc_x, world.year + 1)
    assert not is_bloc_leader(bloc_leader, world.bloc_x, world.year + 1)


def test_an_account_of_the_leader_unit_without_a_role_is_not_shown_as_leader(client, world):
    from tests.factories import UserFactory

    roleless = UserFactory(unit=world.unit_leader)
    roles = roles_for(roleless)
    assert not roles.is_bloc_leader and roles.led_blocs == ()
    assert not is_bloc_leader(roleless, world.bloc_x, world.year)
    client.force_login(roleless)
    leader_label = f"Khối trưởng năm {world.year}"  # the role in the menu and on the home page
    assert leader_label not in client.get("/").content.decode()
    staff = UserFactory(unit=world.unit_leader, is_board_staff=True)
    client.force_login(staff)
    assert leader_label in client.get("/").content.decode()


def test_leader_of_one_bloc_is_not_leader_of_another(world, bloc_leader, staff_b):
    assert not is_bloc_leader(bloc_leader, world.bloc_y, world.year)
    assert roles_for(staff_b).led_blocs == (world.bloc_y,)


def test_plain_member_deputy_and_ministry_roles(world, staff_a, ministry):
    from tests.factories import UserFactory

    deputy_staff = UserFactory(unit=world.unit_deputy, is_board_staff=True)
    assert not roles_for(staff_a).is_bloc_leader
    assert roles_for(staff_a).bloc == world.bloc_x
    assert roles_for(deputy_staff).deputy_blocs == (world.bloc_x,)
    ministry_roles = roles_for(ministry)
    assert ministry_roles.is_ministry_staff and ministry_roles.unit is None
    assert not ministry_roles.is_bloc_leader


def test_user_model_has_no_stored_bloc_leader_flag():
    from accounts.models import User

    names = {f.name for f in User._meta.get_fields()}
    assert not any("bloc" in name and "leader" in name for name in names)
