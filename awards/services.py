"""Workflows of the awards app that touch several models: agreed scores, nominations and the
ministry's decisions. Meetings and votes are in awards.voting.

Each write runs in a transaction; the rule of who may do it is checked here as well as in the
views, so that no path around a view can skip it.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.access import awards_access
from awards.models import AgreedScore, Nomination, TransitionError
from blocs.models import MemberUnit
from pacts.scores import save_scores


@transaction.atomic
def save_agreed_scores(
    pact, unit: MemberUnit, scores: dict[tuple[str, int], Decimal | None], by
) -> None:
    """The bloc-agreed points of one member: per criterion ("criterion", id) and per bonus or
    penalty item ("adjustment", id); None removes a score. Only this year's bloc leader."""
    if not awards_access(by, pact.bloc, pact.year).is_leader:
        raise PermissionDenied(_("Only the staff of this year's bloc leader can agree scores."))
    save_scores(
        AgreedScore,
        AgreedScore.objects.filter(pact=pact, unit=unit),
        scores,
        new={"pact": pact, "unit": unit, "entered_by": by},
        # bulk_update does not touch auto_now fields: set it as save() would.
        on_change={"entered_by": by, "updated_at": timezone.now()},
        by=by,
    )


def _check_nominee(award_type, nominee_name: str) -> None:
    from awards.models import AwardType

    collective = award_type.recipient == AwardType.Recipient.COLLECTIVE
    if collective and nominee_name:
        raise ValidationError(
            {"nominee_name": _("This award goes to a unit: leave the department or person empty.")}
        )
    if not collective and not nominee_name:
        raise ValidationError(
            {
                "nominee_name": _("Name the department or the person nominated.")
                if award_type.recipient == AwardType.Recipient.DEPARTMENT
                else _("Name the person nominated.")
            }
        )


def save_nomination(nomination: Nomination, by) -> Nomination:
    """Create or change a proposed nomination, with the rule of who may propose whom."""
    access = awards_access(by, nomination.bloc, nomination.year)
    if not access.can_nominate_for(nomination.unit_id):
        raise PermissionDenied(
            _("Members propose their own unit; the bloc leader can propose any member.")
        )
    if nomination.pk and not nomination.is_editable:
        raise TransitionError(_("Only a proposed nomination can be changed."))
    from blocs.models import Membership

    if not Membership.objects.filter(
        bloc=nomination.bloc, year=nomination.year, unit_id=nomination.unit_id
    ).exists():
        raise ValidationError({"unit": _("This unit is not a member of the bloc in that year.")})
    _check_nominee(nomination.award_type, nomination.nominee_name)
    if not nomination.pk:
        nomination.proposed_by = by
    nomination.validate_constraints()
    nomination._history_user = by
    try:
        with transaction.atomic():
            nomination.save()
    except IntegrityError:
        # Two people proposing the same nominee at the same moment: the constraint decides.
        raise ValidationError(
            _("This nominee is already proposed for this award in that year.")
        ) from None
    return nomination


@transaction.atomic
def withdraw_nomination(nomination: Nomination, by) -> Nomination:
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    access = awards_access(by, nomination.bloc, nomination.year)
    if not access.can_nominate_for(nomination.unit_id):
        raise PermissionDenied
    if nomination.candidacies.filter(vote__status__in=["open", "closed"]).exists():
        raise TransitionError(_("The nomination is in a vote that has opened; it stays."))
    nomination.set_status(Nomination.Status.WITHDRAWN)
    nomination._history_user = by
    nomination.save(update_fields=["status", "updated_at"])
    return nomination


@transaction.atomic
def record_decision(
    nomination: Nomination, by, awarded: bool, number: str, date, note: str = ""
) -> Nomination:
    """The ministry's decision on a nomination the bloc passed: awarded or not, with the
    decision's number and date. Ministry staff (and administrators) only."""
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if not awards_access(by, nomination.bloc, nomination.year).can_decide:
        raise PermissionDenied(_("Only ministry staff record the ministry's decisions."))
    target = Nomination.Status.AWARDED if awarded else Nomination.Status.NOT_AWARDED
    if nomination.status != target:
        nomination.set_status(target)
    if awarded and not (number or "").strip():
        raise ValidationError({"decision_number": _("Give the number of the decision.")})
    if awarded and date is None:
        raise ValidationError({"decision_date": _("Give the date of the decision.")})
    nomination.decision_number = (number or "").strip()
    nomination.decision_date = date
    nomination.decision_note = note or ""
    nomination.decided_by = by
    nomination.decided_at = timezone.now()
    nomination._history_user = by
    nomination.save()
    return nomination


def award_history(unit: MemberUnit):
    """The awards a unit (or its departments and people) received, newest first."""
    return (
        Nomination.objects.filter(unit=unit, status=Nomination.Status.AWARDED)
        .select_related("award_type", "bloc")
        .order_by("-year", "award_type__display_order", "nominee_name")
    )
