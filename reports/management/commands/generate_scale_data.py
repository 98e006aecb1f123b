"""Generate blocs, member units, accounts and reports at scale, for benchmarks.

    python manage.py generate_scale_data --blocs 1000 --units 15 --years 5
    python manage.py generate_scale_data --delete

Everything is made with bulk inserts in batches (no per-row save, one password hash for every
account, no value history) and marked by the prefix in its codes: blocs `<prefix>-0001`, units
`<prefix>-0001-01`, accounts `canbo.<unit code>`. A second run with the same prefix is refused;
`--delete` removes what a run made.

Each unit is a member of its bloc every year; the leader rotates through the units year by
year (the next unit is the deputy). Each bloc-year has its H1 and FY reporting periods and each
unit a report in each period: accepted for past years (a few still submitted or returned),
mixed for the last year, with a value for every indicator in force in the year.
"""

from __future__ import annotations

import random
import re
import time
from datetime import date, datetime
from datetime import time as clock
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from blocs.access import current_year
from blocs.models import Bloc, BlocYear, Membership, MemberUnit
from reports.models import (
    Indicator,
    ReportEvent,
    ReportingPeriod,
    ReportValue,
    SelfScore,
    UnitReport,
    ValueChange,
)

BATCH = 5000
CHUNK_BLOCS = 20  # blocs whose reports and values are made in one transaction
Status = UnitReport.Status
# Share of each status, by period kind, for past years and for the last year.
PAST_STATUSES = ((Status.ACCEPTED, 96), (Status.SUBMITTED, 3), (Status.RETURNED, 1))
LAST_STATUSES = {
    "H1": (
        (Status.ACCEPTED, 50),
        (Status.SUBMITTED, 20),
        (Status.RETURNED, 10),
        (Status.DRAFT, 20),
    ),
    "FY": ((Status.DRAFT, 60), (Status.SUBMITTED, 25), (Status.RETURNED, 5), (Status.ACCEPTED, 10)),
}
PREFIX = re.compile(r"^[a-z0-9]+$")


def period_dates(kind: str, year: int) -> tuple[date, date]:
    """Opening and deadline as reports.services.ensure_periods makes them."""
    opens, deadline = settings.REPORTING_PERIOD_DEFAULTS[kind]
    return date(year, *opens), date(year + (1 if deadline[0] < opens[0] else 0), *deadline)


class Command(BaseCommand):
    help = (
        "Generate blocs, units, accounts and reports at scale (benchmarks); --delete removes them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--blocs", type=int, default=1000)
        parser.add_argument("--units", type=int, default=15, help="member units per bloc")
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument(
            "--first-year", type=int, default=None, help="default: this year minus years plus one"
        )
        parser.add_argument("--prefix", default="scale", help="lower-case letters and digits")
        parser.add_argument(
            "--values",
            action="store_true",
            default=True,
            help="a value for every indicator in force (default)",
        )
        parser.add_argument(
            "--no-values", dest="values", action="store_false", help="reports without values"
        )
        parser.add_argument(
            "--password",
            default=None,
            help="password of every generated account (default: unusable, sign in as admin)",
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--delete", action="store_true", help="remove the data of this prefix instead"
        )

    def handle(self, *args, **options):
        prefix = options["prefix"]
        if not PREFIX.match(prefix):
            raise CommandError(f"The prefix must be lower-case letters and digits: {prefix!r}.")
        self.started = time.perf_counter()
        if options["delete"]:
            self.delete(prefix)
            return
        blocs, units, years = options["blocs"], options["units"], options["years"]
        if blocs < 1 or units < 1 or years < 1 or blocs > 9999 or units > 99:
            raise CommandError("Use 1–9999 blocs, 1–99 units per bloc and at least one year.")
        first = options["first_year"] or current_year() - years + 1
        if first < 2000 or first + years - 1 > 2100:
            raise CommandError("The years must lie between 2000 and 2100.")
        existing = Bloc.objects.filter(code__startswith=f"{prefix}-").count()
        if existing or MemberUnit.objects.filter(code__startswith=f"{prefix}-").exists():
            raise CommandError(
                f"Data with the prefix {prefix!r} already exists ({existing} blocs). "
                f"Remove it with --prefix {prefix} --delete, or choose another --prefix."
            )
        self.generate(
            prefix,
            blocs,
            units,
            list(range(first, first + years)),
            options["values"],
            options["password"],
            random.Random(options["seed"]),
        )

    def progress(self, message: str) -> None:
        self.stdout.write(f"[{time.perf_counter() - self.started:7.1f} s] {message}")
        self.stdout.flush()

    # Creation

    def generate(self, prefix, n_blocs, n_units, years, with_values, password, rng):
        self.progress(
            f"{n_blocs} blocs × {n_units} units × {len(years)} years ({years[0]}–{years[-1]}), "
            f"prefix {prefix!r}"
        )
        with transaction.atomic():
            bloc_ids, unit_ids = self.create_structure(prefix, n_blocs, n_units, years, password)
        indicators = {
            year: list(Indicator.objects.in_force(year).order_by("display_order", "code"))
            for year in years
        }
        # A base size per unit and indicator; values grow a little year by year, so that the
        # outlier rules mostly stay quiet, as in real data.
        reports = values = 0
        codes = sorted(bloc_ids)
        for start in range(0, len(codes), CHUNK_BLOCS):
            chunk = codes[start : start + CHUNK_BLOCS]
            with transaction.atomic():
                made = self.create_reports(chunk, bloc_ids, unit_ids, years, rng)
                reports += len(made)
                if with_values:
                    values += self.create_values(made, indicators, years, rng)
            self.progress(
                f"blocs {start + 1}–{start + len(chunk)} of {len(codes)}: "
                f"{reports} reports, {values} values"
            )
        self.refresh_statistics()
        self.progress(f"done: {reports} reports, {values} values")

    def refresh_statistics(self):
        """The query planner's statistics of the tables just filled. A database that grows by
        use has them refreshed by autovacuum; millions of rows inserted at once would
        otherwise be planned as if the tables were nearly empty (nested loops over 15.000
        reports instead of one hash join: the dashboard took three times longer)."""
        tables = [
            model._meta.db_table
            for model in (Membership, BlocYear, ReportingPeriod, UnitReport, ReportValue)
        ]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))
            elif connection.vendor == "sqlite":
                for table in tables:
                    cursor.execute("ANALYZE " + connection.ops.quote_name(table))

    def create_structure(self, prefix, n_blocs, n_units, years, password):
        hashed = make_password(password)  # one hash for every account
        Bloc.objects.bulk_create(
            [
                Bloc(
                    code=f"{prefix}-{b:04d}",
                    name=f"Khối thi đua {prefix} {b:04d}",
                    description="Generated for benchmarks (generate_scale_data).",
                    display_order=min(b, 32767),
                )
                for b in range(1, n_blocs + 1)
            ],
            batch_size=BATCH,
        )
        bloc_ids = dict(
            Bloc.objects.filter(code__startswith=f"{prefix}-").values_list("code", "pk")
        )
        MemberUnit.objects.bulk_create(
            [
                MemberUnit(
                    code=f"{prefix}-{b:04d}-{u:02d}",
                    name=f"Ban Quản lý các KCN {prefix} {b:04d}-{u:02d}",
                    short_name=f"BQL {prefix} {b:04d}-{u:02d}",
                    province=f"Tỉnh {prefix} {b:04d}-{u:02d}",
                    kind=MemberUnit.Kind.KKT if u % 4 == 0 else MemberUnit.Kind.KCN,
                    staff_count=20 + (b + u) % 40,
                )
                for b in range(1, n_blocs + 1)
                for u in range(1, n_units + 1)
            ],
            batch_size=BATCH,
        )
        unit_ids = {}  # bloc code -> [unit pk, ...] in unit order
        for code, pk in (
            MemberUnit.objects.filter(code__startswith=f"{prefix}-")
            .order_by("code")
            .values_list("code", "pk")
        ):
            unit_ids.setdefault(code.rsplit("-", 1)[0], []).append(pk)
        self.progress(f"{len(bloc_ids)} blocs, {sum(map(len, unit_ids.values()))} units")

        User.objects.bulk_create(
            [
                User(
                    username=f"canbo.{prefix}-{b:04d}-{u:02d}",
                    full_name=f"Cán bộ {prefix} {b:04d}-{u:02d}",
                    email=f"canbo.{prefix}-{b:04d}-{u:02d}@example.invalid",
                    password=hashed,
                    unit_id=unit_ids[f"{prefix}-{b:04d}"][u - 1],
                    is_board_staff=True,
                    position="Chuyên viên",
                )
                for b in range(1, n_blocs + 1)
                for u in range(1, n_units + 1)
            ],
            batch_size=BATCH,
        )
        Membership.objects.bulk_create(
            [
                Membership(bloc_id=bloc_pk, unit_id=unit_pk, year=year)
                for code, bloc_pk in bloc_ids.items()
                for unit_pk in unit_ids[code]
                for year in years
            ],
            batch_size=BATCH,
        )
        BlocYear.objects.bulk_create(
            [
                BlocYear(
                    bloc_id=bloc_pk,
                    year=year,
                    leader_id=unit_ids[code][i % len(unit_ids[code])],
                    deputy_id=unit_ids[code][(i + 1) % len(unit_ids[code])]
                    if len(unit_ids[code]) > 1
                    else None,
                )
                for code, bloc_pk in bloc_ids.items()
                for i, year in enumerate(years)
            ],
            batch_size=BATCH,
        )
        periods = []
        for bloc_pk in bloc_ids.values():
            for year in years:
                for kind in ReportingPeriod.Kind.values:
                    opens, deadline = period_dates(kind, year)
                    periods.append(
                        ReportingPeriod(
                            bloc_id=bloc_pk, year=year, kind=kind, opens_on=opens, deadline=deadline
                        )
                    )
        ReportingPeriod.objects.bulk_create(periods, batch_size=BATCH)
        self.progress(
            f"{len(bloc_ids) * n_units} accounts, memberships, leadership and "
            f"{len(periods)} periods"
        )
        return bloc_ids, unit_ids

    def create_reports(self, chunk, bloc_ids, unit_ids, years, rng):
        """The reports of the chunk's blocs; returns (pk, unit pk, year, kind) of each."""
        last = years[-1]
        periods = ReportingPeriod.objects.filter(
            bloc_id__in=[bloc_ids[code] for code in chunk], year__in=years
        )
        units_of_bloc = {bloc_ids[code]: unit_ids[code] for code in chunk}
        names = dict(
            MemberUnit.objects.filter(
                pk__in=[pk for code in chunk for pk in unit_ids[code]]
            ).values_list("pk", "name")
        )
        reports, returned = [], []
        for period in periods:
            shares = LAST_STATUSES[period.kind] if period.year == last else PAST_STATUSES
            statuses, weights = zip(*shares, strict=True)
            done_at = timezone.make_aware(datetime.combine(period.deadline, clock(9)))
            for unit_pk in units_of_bloc[period.bloc_id]:
                status = rng.choices(statuses, weights)[0]
                reports.append(
                    UnitReport(
                        period_id=period.pk,
                        unit_id=unit_pk,
                        unit_name=names[unit_pk],
                        status=status,
                        results="Hoàn thành các chỉ tiêu chính của kỳ báo cáo.",
                        version=1 if status == Status.DRAFT else 3,
                        submitted_at=None if status == Status.DRAFT else done_at,
                        accepted_at=done_at if status == Status.ACCEPTED else None,
                    )
                )
        UnitReport.objects.bulk_create(reports, batch_size=BATCH)
        made = list(
            UnitReport.objects.filter(period__in=periods).values_list(
                "pk", "unit_id", "period__year", "period__kind", "status"
            )
        )
        returned = [
            ReportEvent(
                report_id=pk,
                from_status=Status.SUBMITTED,
                to_status=Status.RETURNED,
                reason="Đề nghị bổ sung số liệu lao động và thuyết minh.",
            )
            for pk, _unit, _year, _kind, status in made
            if status == Status.RETURNED
        ]
        ReportEvent.objects.bulk_create(returned, batch_size=BATCH)
        return made

    def create_values(self, made, indicators, years, rng) -> int:
        first = years[0]
        # A base size per unit and indicator, drawn once.
        bases: dict[tuple[int, int], float] = {}
        count = 0
        batch = []
        for pk, unit_pk, year, kind, _status in made:
            for indicator in indicators[year]:
                key = (unit_pk, indicator.pk)
                base = bases.get(key)
                if base is None:
                    base = bases[key] = self.base_value(indicator, rng)
                raw = base * (1.06 ** (year - first)) * rng.uniform(0.97, 1.03)
                if kind == ReportingPeriod.Kind.H1:
                    raw /= 2
                if indicator.max_value is not None:
                    raw = min(raw, float(indicator.max_value))
                if indicator.min_value is not None:
                    raw = max(raw, float(indicator.min_value))
                batch.append(
                    ReportValue(
                        report_id=pk,
                        indicator_id=indicator.pk,
                        value=Decimal(f"{raw:.{indicator.decimals}f}"),
                    )
                )
                if len(batch) >= BATCH:
                    ReportValue.objects.bulk_create(batch)
                    count += len(batch)
                    batch = []
        if batch:
            ReportValue.objects.bulk_create(batch)
            count += len(batch)
        return count

    @staticmethod
    def base_value(indicator: Indicator, rng: random.Random) -> float:
        low = float(indicator.min_value) if indicator.min_value is not None else 0.0
        if indicator.max_value is not None:
            high = float(indicator.max_value)
            return rng.uniform(low + (high - low) * 0.5, low + (high - low) * 0.9)
        return low + 10 ** rng.uniform(1, 4)

    # Removal

    def delete(self, prefix: str) -> None:
        mark = f"{prefix}-"
        blocs = Bloc.objects.filter(code__startswith=mark)
        units = MemberUnit.objects.filter(code__startswith=mark)
        if not (blocs.exists() or units.exists()):
            raise CommandError(f"There is no data with the prefix {prefix!r}.")
        of_reports = Q(report__period__bloc__code__startswith=mark) | Q(
            report__unit__code__startswith=mark
        )
        with transaction.atomic():
            for model in (ReportValue, ValueChange, ReportEvent, SelfScore):
                deleted, _by_model = model.objects.filter(of_reports).delete()
                self.progress(f"deleted {deleted} {model._meta.verbose_name_plural}")
            reports = UnitReport.objects.filter(
                Q(period__bloc__code__startswith=mark) | Q(unit__code__startswith=mark)
            )
            # Their dependants are gone: one DELETE, without loading the rows.
            deleted = reports._raw_delete(reports.db)
            self.progress(f"deleted {deleted} unit reports")
            for queryset in (
                ReportingPeriod.objects.filter(bloc__code__startswith=mark),
                BlocYear.objects.filter(Q(bloc__code__startswith=mark)),
                Membership.objects.filter(
                    Q(bloc__code__startswith=mark) | Q(unit__code__startswith=mark)
                ),
                User.objects.filter(unit__code__startswith=mark),
                units,
                blocs,
            ):
                deleted, _by_model = queryset.delete()
                self.progress(
                    f"deleted {deleted} rows ({queryset.model._meta.verbose_name_plural})"
                )
        self.progress(f"the data with the prefix {prefix!r} is removed")
