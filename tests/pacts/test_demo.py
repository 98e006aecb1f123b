"""The demo data carries a signed pact for the current year and last year's pact to copy."""

from django.core.management import call_command

from pacts.models import Pact


def test_demo_has_a_signed_pact_of_this_year_signed_by_every_member(db):
    call_command("load_demo", quiet_logins=True)
    call_command("load_demo", quiet_logins=True)
    pact = Pact.objects.get(bloc__code="tay-nguyen-duyen-hai-mien-trung", year=2026)
    assert pact.status == Pact.Status.SIGNED and pact.signed_at is not None
    assert pact.criteria_total() == pact.total_points == 100
    members = pact.bloc.members_in(2026).count()
    assert pact.signatures.filter(invalidated_at__isnull=True).count() == members == 9
    assert pact.registrations.count() == members
    assert all(r.targets.count() == pact.indicators.count() for r in pact.registrations.all())
    archived = Pact.objects.get(bloc__code="mien-tay-nam-bo", year=2025)
    assert archived.status == Pact.Status.ARCHIVED
    assert Pact.objects.count() == 2
