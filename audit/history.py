"""The audit history the portal keeps of its records (django-simple-history), and who made
each change.

Tracked models declare `history = audit_history(...)`. The person recorded for a change is, in
this order: the one a workflow names explicitly (`instance._history_user = by`, or
`default_user=` of the bulk helpers), the signed-in person of the request
(`HistoryRequestMiddleware`), then — for work done outside a request, such as a management
command — the model's own "done by" field when the model has one that every change sets.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_create_with_history, bulk_update_with_history


def history_user_resolver(by_field: str | None = None):
    """The `get_user` of HistoricalRecords: the request's signed-in person, else the user the
    instance names in `by_field` (e.g. "recorded_by"), read by id so that it costs no query."""

    def get_user(request=None, instance=None, **kwargs):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return user
        if by_field and instance is not None:
            user_id = getattr(instance, f"{by_field}_id", None)
            if user_id is not None:
                return get_user_model()(pk=user_id)
        return None

    return get_user


def audit_history(
    *,
    by_field: str | None = None,
    excluded_fields: Iterable[str] = (),
    m2m_fields: Iterable[str] = (),
) -> HistoricalRecords:
    """HistoricalRecords as the portal uses them.

    by_field: a user field every change of the row sets (who to record outside a request).
    excluded_fields: fields whose changes are noise in an audit (auto timestamps, counters).
    The history of a row outlives the row: deleting it adds a "deleted" record and keeps the
    others.
    """
    return HistoricalRecords(
        get_user=history_user_resolver(by_field),
        excluded_fields=list(excluded_fields),
        m2m_fields=list(m2m_fields),
        cascade_delete_history=False,
    )


def bulk_save(model, created: list, updated: list, fields: Iterable[str], by=None) -> None:
    """Insert `created` and update `fields` of `updated` in bulk, each with its history record
    (by `by` when given, else as the resolver above finds): a few statements however many rows.
    Rows that did not change should not be passed: they would get a history record too."""
    history = {"default_user": by} if by is not None else {}
    if created:
        bulk_create_with_history(created, model, **history)
    if updated:
        bulk_update_with_history(updated, model, list(fields), **history)
