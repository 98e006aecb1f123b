"""Write a bloc's consolidated report of a period to a file, for archiving and cron jobs.

    python manage.py export_bloc_report --bloc CODE --year YYYY --period H1|FY \
        --format pdf|xlsx --output FILE
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from blocs.models import Bloc
from reports.models import ReportingPeriod


class Command(BaseCommand):
    help = "Write the consolidated report of a bloc for a period as PDF or XLSX."

    def add_arguments(self, parser):
        parser.add_argument("--bloc", required=True, help="the bloc's code, e.g. mien-tay-nam-bo")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--period", required=True, choices=ReportingPeriod.Kind.values)
        parser.add_argument("--format", default="pdf", choices=["pdf", "xlsx"])
        parser.add_argument("--output", required=True, help="the file to write")

    def handle(self, *args, **options):
        from documents.models import Document
        from documents.rendering import render_html, render_pdf
        from reports.bloc_reports import build_payload, title
        from reports.consolidation_excel import bloc_report_xlsx

        bloc = Bloc.objects.filter(code=options["bloc"]).first()
        if bloc is None:
            known = ", ".join(Bloc.objects.values_list("code", flat=True)[:20])
            raise CommandError(
                f"There is no bloc with the code “{options['bloc']}”. Known: {known}."
            )
        period = (
            ReportingPeriod.objects.select_related("bloc")
            .filter(bloc=bloc, year=options["year"], kind=options["period"])
            .first()
        )
        if period is None:
            raise CommandError(
                f"The bloc “{bloc.code}” has no {options['period']} period in {options['year']}."
            )
        payload = build_payload(period)
        if options["format"] == "xlsx":
            content = bloc_report_xlsx(payload)
        else:
            draft = Document(kind="bloc_report", payload=payload, title=title(period), version=1)
            content = render_pdf(render_html(draft)).content
        output = Path(options["output"])
        try:
            output.write_bytes(content)
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc.strerror}.") from exc
        self.stdout.write(
            f"{output}: {len(content):,} bytes, {payload['accepted_count']}/"
            f"{payload['member_count']} members' reports accepted."
        )
