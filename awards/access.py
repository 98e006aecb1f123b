"""Who may see and do what with a bloc's awards in a year. Every awards view goes through one
of the get_*_for_user helpers here (404 for what does not exist, 403 for what is not theirs).

- the bloc leader (staff of the unit that leads the bloc in that year) runs the scoring,
  meetings and votes; last year's leader has no such power this year;
- the staff and leaders of the year's member units see the bloc's awards and propose
  nominations for their own unit; unit leaders cast their unit's ballot;
- ministry staff (and administrators) read everything and record the ministry's decisions,
  but neither vote nor change scores;
- anyone else sees nothing of the bloc's awards.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from blocs.models import Bloc, BlocYear, Membership


@dataclass(frozen=True)
class AwardsAccess:
    year: int
    can_view: bool = False
    is_leader: bool = False
    is_member: bool = False  # works for a member unit of the bloc in that year
    is_unit_leader: bool = False  # ... and leads that unit: casts its ballot
    reads_everything: bool = False  # ministry staff and administrators
    can_decide: bool = False  # records the ministry's decisions
    unit_id: int | None = None

    def can_nominate_for(self, unit_id: int) -> bool:
        """The bloc leader proposes any member; a member proposes its own unit's nominees."""
        return self.is_leader or (self.is_member and unit_id == self.unit_id)


def awards_access(user, bloc: Bloc, year: int) -> AwardsAccess:
    if not user.is_authenticated:
        return AwardsAccess(year=year)
    reads_everything = bool(user.is_superuser or user.is_ministry_staff)
    works = bool(user.unit_id) and (user.is_board_staff or user.is_unit_leader)
    is_member = (
        works and Membership.objects.filter(bloc=bloc, year=year, unit_id=user.unit_id).exists()
    )
    is_leader = (
        is_member and BlocYear.objects.filter(bloc=bloc, year=year, leader_id=user.unit_id).exists()
    )
    return AwardsAccess(
        year=year,
        can_view=reads_everything or is_member,
        is_leader=is_leader,
        is_member=is_member,
        is_unit_leader=is_member and user.is_unit_leader,
        reads_everything=reads_everything,
        can_decide=reads_everything,
        unit_id=user.unit_id if is_member else None,
    )


def get_bloc_year_for_user(request, bloc_code: str, year: int) -> tuple[Bloc, AwardsAccess]:
    bloc = get_object_or_404(Bloc, code=bloc_code)
    if not 2000 <= year <= 2100:
        from django.http import Http404

        raise Http404("no such year")
    access = awards_access(request.user, bloc, year)
    if not access.can_view:
        raise PermissionDenied
    return bloc, access


def require_leader(access: AwardsAccess) -> None:
    if not access.is_leader:
        raise PermissionDenied


def get_nomination_for_user(request, pk: int):
    from awards.models import Nomination

    nomination = get_object_or_404(
        Nomination.objects.select_related("bloc", "award_type", "unit", "proposed_by"), pk=pk
    )
    access = awards_access(request.user, nomination.bloc, nomination.year)
    if not access.can_view:
        raise PermissionDenied
    return nomination, access


def get_meeting_for_user(request, pk: int):
    from awards.models import Meeting

    meeting = get_object_or_404(Meeting.objects.select_related("bloc", "host"), pk=pk)
    access = awards_access(request.user, meeting.bloc, meeting.year)
    if not access.can_view:
        raise PermissionDenied
    return meeting, access


def get_vote_for_user(request, pk: int):
    from awards.models import Vote

    vote = get_object_or_404(
        Vote.objects.select_related("meeting__bloc", "meeting__host", "award_type"), pk=pk
    )
    access = awards_access(request.user, vote.meeting.bloc, vote.meeting.year)
    if not access.can_view:
        raise PermissionDenied
    return vote, access
