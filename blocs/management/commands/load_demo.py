"""Load the illustrative demo data and demo accounts; running it again changes nothing."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand
from django.db import transaction

from blocs import demo_data
from blocs.access import current_year
from blocs.models import Bloc, BlocYear, Membership, MemberUnit, SuperiorBody

MINISTRY_GROUP = "Ministry catalogue editors"
MINISTRY_PERMISSIONS = [
    ("reports", "indicator", ["add", "change", "view"]),
    ("blocs", "superiorbody", ["view"]),
    ("blocs", "bloc", ["view"]),
    ("blocs", "memberunit", ["view"]),
    ("blocs", "membership", ["view"]),
    ("blocs", "blocyear", ["view"]),
]


class Command(BaseCommand):
    help = "Load the demo blocs, units, leadership and accounts (illustrative data)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--quiet-logins", action="store_true", help="Do not print the demo logins."
        )

    _password_hash = None

    @transaction.atomic
    def handle(self, *args, **options):
        last_year = max(
            current_year(), max(year for bloc in demo_data.BLOCS for year in bloc["leadership"])
        )
        self._superior_bodies()
        units = self._blocs_and_units(last_year)
        self._successions(units)
        ministry_group = self._ministry_group()
        accounts = self._accounts(units, ministry_group)
        # The pacts app builds on blocs and accounts; its demo data comes last.
        from pacts.demo_data import load_demo_pacts

        load_demo_pacts()
        from reports.demo_data import load_demo_reports

        load_demo_reports()
        from awards.demo_data import load_demo_awards

        load_demo_awards()
        if not options["quiet_logins"]:
            self._print_logins(accounts)

    def _superior_bodies(self):
        for name, short_name, office, from_year, to_year in demo_data.SUPERIOR_BODIES:
            SuperiorBody.objects.update_or_create(
                name=name,
                defaults={
                    "short_name": short_name,
                    "emulation_office": office,
                    "from_year": from_year,
                    "to_year": to_year,
                },
            )

    def _blocs_and_units(self, last_year):
        merged_in = {code: when.year for code, _succ, when in demo_data.SUCCESSIONS}
        units = {}
        for order, spec in enumerate(demo_data.BLOCS, start=1):
            bloc, _ = Bloc.objects.update_or_create(
                code=spec["code"], defaults={"name": spec["name"], "display_order": order}
            )
            for code, name, short_name, province, kind, staff in spec["units"]:
                unit, _ = MemberUnit.objects.update_or_create(
                    code=code,
                    defaults={
                        "name": name,
                        "short_name": short_name,
                        "province": province,
                        "kind": kind,
                        "staff_count": staff,
                    },
                )
                units[code] = unit
                for year in range(demo_data.FIRST_YEAR, merged_in.get(code, last_year) + 1):
                    Membership.objects.get_or_create(unit=unit, year=year, defaults={"bloc": bloc})
            for year, (leader, deputy) in spec["leadership"].items():
                BlocYear.objects.update_or_create(
                    bloc=bloc,
                    year=year,
                    defaults={"leader": units[leader], "deputy": units[deputy]},
                )
        return units

    def _successions(self, units):
        for code, successor, when in demo_data.SUCCESSIONS:
            unit = units[code]
            unit.successor, unit.succeeded_on, unit.active = units[successor], when, False
            unit.save(update_fields=["successor", "succeeded_on", "active"])

    def _ministry_group(self):
        group, _ = Group.objects.get_or_create(name=MINISTRY_GROUP)
        for app_label, model, actions in MINISTRY_PERMISSIONS:
            for action in actions:
                group.permissions.add(
                    Permission.objects.get(
                        content_type__app_label=app_label, codename=f"{action}_{model}"
                    )
                )
        return group

    def _account(self, username, **fields):
        # One hash for every demo account, made once per run: hashing a hundred passwords
        # one by one takes tens of seconds.
        if self._password_hash is None:
            self._password_hash = make_password(settings.DEMO_PASSWORD)
        user, _ = get_user_model().objects.update_or_create(
            username=username,
            defaults={"is_demo": True, "password": self._password_hash, **fields},
        )
        return user

    def _accounts(self, units, ministry_group):
        accounts = {
            "admin": self._account(
                "admin",
                full_name="Quản trị hệ thống",
                email="admin@khoithidua.local",
                is_staff=True,
                is_superuser=True,
                position="Quản trị viên",
            )
        }
        ministry = self._account(
            "bo.vutdkt",
            full_name="Nguyễn Thị Minh",
            email="vutdkt@khoithidua.local",
            position="Chuyên viên Vụ Thi đua - Khen thưởng",
            is_ministry_staff=True,
            is_staff=True,
        )
        ministry.groups.add(ministry_group)
        accounts["ministry"] = ministry
        for code, unit in units.items():
            accounts[f"staff:{code}"] = self._account(
                f"canbo.{code}",
                full_name=f"Cán bộ {unit.short_name}",
                unit=unit,
                position="Chuyên viên",
                is_board_staff=True,
                email=f"canbo.{code}@khoithidua.local",
            )
            accounts[f"leader:{code}"] = self._account(
                f"lanhdao.{code}",
                full_name=f"Lãnh đạo {unit.short_name}",
                unit=unit,
                position="Trưởng ban",
                is_unit_leader=True,
                email=f"lanhdao.{code}@khoithidua.local",
            )
        return accounts

    def _print_logins(self, accounts):
        year = current_year()
        out = self.stdout
        out.write("")
        out.write(
            self.style.SUCCESS(
                "Demo accounts (illustrative data; they sign in only while DEBUG is on)"
            )
        )
        out.write(f"  password for every demo account: {settings.DEMO_PASSWORD}")
        out.write("  admin                      administrator (/quan-tri/)")
        out.write("  bo.vutdkt                  ministry staff")
        for spec in demo_data.BLOCS:
            if spec["code"] not in demo_data.PRINTED_BLOCS:
                continue
            leader, _deputy = spec["leadership"].get(year, (None, None))
            previous, _ = spec["leadership"].get(year - 1, (None, None))
            out.write(f"  bloc {spec['name']}:")
            for code, *_rest in spec["units"]:
                if f"staff:{code}" not in accounts or not accounts[f"staff:{code}"].unit.active:
                    continue
                note = ""
                if code == leader:
                    note = f"  <- bloc leader {year}"
                elif code == previous:
                    note = f"  <- bloc leader {year - 1}"
                out.write(f"    canbo.{code:<18} lanhdao.{code:<18}{note}".rstrip())
        out.write(
            "  every other unit: canbo.<unit code> (board staff), lanhdao.<unit code> (unit leader)"
        )
        out.write("")
