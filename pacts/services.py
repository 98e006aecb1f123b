"""Workflows of the pact: creating (from last year's), opening, registering, signing, closing.

Each runs in a transaction with the pact row locked, so two people acting at once cannot
sign twice or change the status under each other.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from audit.history import bulk_save
from blocs.access import is_bloc_leader
from blocs.models import Bloc, Membership, MemberUnit
from pacts.models import (
    CriteriaGroup,
    Pact,
    PactClause,
    PactEvent,
    PactTransitionError,
    Registration,
    RegistrationTarget,
    ScoreAdjustment,
    ScoringCriterion,
    Signature,
)


def _locked(pact: Pact) -> Pact:
    return Pact.objects.select_for_update().get(pk=pact.pk)


def _require_leader(user, bloc: Bloc, year: int) -> None:
    if not is_bloc_leader(user, bloc, year):
        raise PermissionDenied(_("Only the staff of this year's bloc leader can do this."))


@transaction.atomic
def create_pact(bloc: Bloc, year: int, by, copy_previous: bool = True) -> Pact:
    """Start the year's pact, as a copy of last year's clauses and scoring table if asked."""
    _require_leader(by, bloc, year)
    if Pact.objects.filter(bloc=bloc, year=year).exists():
        raise ValidationError(_("This bloc already has a pact for that year."))
    previous = Pact.objects.filter(bloc=bloc, year=year - 1).first() if copy_previous else None
    pact = Pact(
        bloc=bloc,
        year=year,
        created_by=by,
        copied_from=previous,
        title=(
            previous.title.replace(str(year - 1), str(year))
            if previous
            else _("Emulation pact of %(year)s") % {"year": year}
        ),
        preamble=previous.preamble.replace(str(year - 1), str(year)) if previous else "",
        place=previous.place if previous else "",
        total_points=previous.total_points if previous else Decimal("100"),
        bonus_cap=previous.bonus_cap if previous else Decimal("5"),
        penalty_cap=previous.penalty_cap if previous else Decimal("10"),
    )
    pact._history_user = by
    pact.save(force_insert=True)
    if previous:
        _copy_contents(previous, pact, by)
    PactEvent.objects.create(
        pact=pact,
        from_status="",
        to_status=Pact.Status.DRAFT,
        by=by,
        reason=_("Copied from the pact of %(year)s.") % {"year": year - 1} if previous else "",
    )
    return pact


def _copy_contents(source: Pact, target: Pact, by) -> None:
    # In bulk, each with its audit history ("created" by the person who started the pact).
    bulk_create_with_history(
        [PactClause(pact=target, order=c.order, text=c.text) for c in source.clauses.all()],
        PactClause,
        default_user=by,
    )
    for group in source.criteria_groups.prefetch_related("criteria"):
        new_group = CriteriaGroup(pact=target, order=group.order, title=group.title)
        new_group._history_user = by
        new_group.save()
        bulk_create_with_history(
            [
                ScoringCriterion(
                    group=new_group,
                    order=c.order,
                    text=c.text,
                    max_points=c.max_points,
                    guidance=c.guidance,
                )
                for c in group.criteria.all()
            ],
            ScoringCriterion,
            default_user=by,
        )
    bulk_create_with_history(
        [
            ScoreAdjustment(
                pact=target,
                kind=a.kind,
                order=a.order,
                text=a.text,
                max_points=a.max_points,
                guidance=a.guidance,
            )
            for a in source.adjustments.all()
        ],
        ScoreAdjustment,
        default_user=by,
    )
    target._history_user = by
    target.indicators.set(source.indicators.all())


@transaction.atomic
def change_status(pact: Pact, new: str, by, reason: str = "") -> Pact:
    """Open for signing, withdraw or reopen to draft, archive: the bloc leader's buttons."""
    pact = _locked(pact)
    _require_leader(by, pact.bloc, pact.year)
    if new == Pact.Status.SIGNED:
        raise PactTransitionError(_("A pact is signed by its members, or by closing the signing."))
    pact.set_status(new, by=by, reason=reason)
    return pact


def members(pact: Pact):
    return MemberUnit.objects.filter(memberships__bloc_id=pact.bloc_id, memberships__year=pact.year)


@transaction.atomic
def sign(pact: Pact, user) -> Signature:
    """The unit leader signs for their own unit; the last signature makes the pact signed."""
    pact = _locked(pact)
    if pact.status != Pact.Status.OPEN:
        raise PactTransitionError(_("The pact is not open for signing."))
    if not user.is_unit_leader or not user.unit_id:
        raise PermissionDenied(_("Only a unit leader can sign the pact for the unit."))
    if not Membership.objects.filter(
        bloc_id=pact.bloc_id, unit_id=user.unit_id, year=pact.year
    ).exists():
        raise PermissionDenied(_("Your unit is not a member of this bloc in that year."))
    if pact.signatures.filter(unit_id=user.unit_id, invalidated_at__isnull=True).exists():
        raise PactTransitionError(_("Your unit has already signed the pact."))
    signature = Signature.objects.create(
        pact=pact,
        unit_id=user.unit_id,
        signed_by=user,
        signer_name=user.get_full_name(),
        signer_title=user.position,
    )
    signed_units = set(
        pact.signatures.filter(invalidated_at__isnull=True).values_list("unit_id", flat=True)
    )
    if set(members(pact).values_list("pk", flat=True)) <= signed_units:
        pact.set_status(Pact.Status.SIGNED, by=user, reason=_("All members have signed."))
    return signature


@transaction.atomic
def close_signing(pact: Pact, by) -> list[MemberUnit]:
    """The bloc leader closes the signing; the pact is signed and the non-signers are listed."""
    pact = _locked(pact)
    _require_leader(by, pact.bloc, pact.year)
    if pact.status != Pact.Status.OPEN:
        raise PactTransitionError(_("The pact is not open for signing."))
    missing = list(
        members(pact)
        .exclude(pact_signatures__pact=pact, pact_signatures__invalidated_at__isnull=True)
        .order_by("name")
    )
    reason = _("Signing closed by the bloc leader.")
    if missing:
        reason += " " + _("Did not sign: %(units)s.") % {
            "units": ", ".join(unit.name for unit in missing)
        }
    pact.set_status(Pact.Status.SIGNED, by=by, reason=reason)
    return missing


@transaction.atomic
def save_registration(
    pact: Pact, unit: MemberUnit, user, targets: dict, award_types, note: str = ""
) -> Registration:
    """Create or update a unit's registration; closed once the pact is signed."""
    pact = _locked(pact)
    if pact.status != Pact.Status.OPEN:
        raise PactTransitionError(
            _("Registration is open only while the pact is open for signing.")
        )
    if user.unit_id != unit.pk or not (user.is_board_staff or user.is_unit_leader):
        raise PermissionDenied(_("Only the unit's own staff can register for it."))
    if not Membership.objects.filter(bloc_id=pact.bloc_id, unit=unit, year=pact.year).exists():
        raise PermissionDenied(_("Your unit is not a member of this bloc in that year."))
    registration, _created = Registration.objects.update_or_create(
        pact=pact, unit=unit, defaults={"submitted_by": user, "note": note}
    )
    allowed = set(pact.indicators.values_list("pk", flat=True))
    registration.targets.exclude(
        indicator_id__in=[i for i, v in targets.items() if v is not None]
    ).delete()
    existing = {t.indicator_id: t for t in registration.targets.all()}
    created, updated = [], []
    for indicator_id, value in targets.items():
        if indicator_id not in allowed or value is None:
            continue
        current = existing.get(indicator_id)
        if current is None:
            created.append(
                RegistrationTarget(
                    registration=registration, indicator_id=indicator_id, target=value
                )
            )
        elif current.target != value:
            current.target = value
            updated.append(current)
    # In bulk with their audit history; a target that did not change is not written again.
    bulk_save(RegistrationTarget, created, updated, ["target"], by=user)
    registration._history_user = user
    registration.award_types.set(award_types)
    return registration
