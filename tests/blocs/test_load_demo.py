"""The demo data command: the real blocs, illustrative members, accounts for every role."""

from io import StringIO

from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from accounts.models import User
from blocs.access import current_year, roles_for
from blocs.models import Bloc, BlocYear, Membership, MemberUnit


def _load():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_load_demo_is_idempotent_and_prints_the_logins(db):
    output = _load()
    counts = (
        Bloc.objects.count(),
        MemberUnit.objects.count(),
        Membership.objects.count(),
        BlocYear.objects.count(),
        User.objects.count(),
    )
    assert "canbo.binh-dinh" in output and settings.DEMO_PASSWORD in output
    assert "bo.vutdkt" in output and "admin" in output
    _load()
    assert counts == (
        Bloc.objects.count(),
        MemberUnit.objects.count(),
        Membership.objects.count(),
        BlocYear.objects.count(),
        User.objects.count(),
    )


def test_demo_has_the_five_blocs_with_their_members(db):
    _load()
    assert Bloc.objects.count() == 5
    western = Bloc.objects.get(code="mien-tay-nam-bo")
    assert western.members_in(current_year()).count() == 14
    central = Bloc.objects.get(code="tay-nguyen-duyen-hai-mien-trung")
    assert central.members_in(2024).count() == 11
    # Two boards merged in 2025 and no longer sit in the bloc afterwards.
    assert central.members_in(2026).count() == 9
    assert MemberUnit.objects.get(code="dak-nong").successor.code == "lam-dong"


def test_demo_accounts_cover_every_role(db):
    _load()
    leader = User.objects.get(username="canbo.binh-dinh")
    assert leader.is_board_staff and roles_for(leader, 2026).is_bloc_leader
    assert not roles_for(User.objects.get(username="canbo.quang-ngai"), 2026).is_bloc_leader
    assert User.objects.get(username="lanhdao.binh-dinh").is_unit_leader
    assert User.objects.get(username="bo.vutdkt").is_ministry_staff
    assert User.objects.get(username="admin").is_superuser
    assert not User.objects.filter(is_demo=False).exists()


def test_demo_passwords_work_only_with_debug(client, db):
    _load()
    credentials = {"username": "canbo.binh-dinh", "password": settings.DEMO_PASSWORD}
    with override_settings(DEBUG=False):
        assert client.post(reverse("accounts:login"), credentials).status_code == 200
    with override_settings(DEBUG=True):
        assert client.post(reverse("accounts:login"), credentials).status_code == 302
