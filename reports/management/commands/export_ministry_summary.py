"""Write the ministry's summary of a period across all blocs to a PDF file.

    python manage.py export_ministry_summary --year YYYY --period H1|FY --output FILE

The cover and each bloc's section are rendered here one after another and merged, as the
workers do side by side for the portal's PDF.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.models import PeriodSummary, ReportingPeriod


class Command(BaseCommand):
    help = "Write the summary of a period across all blocs as a PDF (or XLSX with --format)."

    def add_arguments(self, parser):
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--period", required=True, choices=ReportingPeriod.Kind.values)
        parser.add_argument("--format", default="pdf", choices=["pdf", "xlsx"])
        parser.add_argument("--output", required=True, help="the file to write")

    def handle(self, *args, **options):
        from documents.models import Document
        from documents.rendering import merge_pdfs, render_part_html, render_pdf
        from reports.consolidation_excel import summary_xlsx
        from reports.summary import build_payload, build_summary, title

        year, kind = options["year"], options["period"]
        if not ReportingPeriod.objects.filter(year=year, kind=kind).exists():
            raise CommandError(f"No bloc has a {kind} period in {year}.")
        if options["format"] == "xlsx":
            content = summary_xlsx(build_summary(year, kind))
            sections = None
        else:
            subject = PeriodSummary(year=year, kind=kind)
            payload = build_payload(subject)
            draft = Document(kind="summary", payload=payload, title=title(subject), version=1)
            sections = len(payload["sections"])
            parts = [render_pdf(render_part_html(draft, i)).content for i in range(sections + 1)]
            content = merge_pdfs(parts).content
        output = Path(options["output"])
        try:
            output.write_bytes(content)
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc.strerror}.") from exc
        detail = f", {sections} blocs" if sections is not None else ""
        self.stdout.write(f"{output}: {len(content):,} bytes{detail}.")
