"""Saving a table of points, one per scoring criterion or bonus/penalty item of a pact: a unit's
self-scores (reports.SelfScore) and the points the bloc agreed (awards.AgreedScore)."""

from __future__ import annotations

from decimal import Decimal

from audit.history import bulk_save


def save_scores(
    model,
    rows,
    scores: dict[tuple[str, int], Decimal | None],
    *,
    new: dict,
    on_change: dict | None = None,
    by=None,
) -> None:
    """Bring `rows` (the queryset of the scores already kept) in line with `scores`: points per
    criterion ("criterion", id) and per bonus or penalty item ("adjustment", id), None to remove
    one. A new score gets the fields `new`; a changed one also gets `on_change`. Written in bulk
    with their audit history (by `by`, when given): the same few statements for 5 items or 40,
    and a score that did not change is not written again."""
    existing = {
        ("criterion", s.criterion_id) if s.criterion_id else ("adjustment", s.adjustment_id): s
        for s in rows
    }
    on_change = on_change or {}
    created, updated, removed = [], [], []
    for (kind, item_id), points in scores.items():
        current = existing.get((kind, item_id))
        if points is None:
            if current is not None:
                removed.append(current.pk)
        elif current is None:
            created.append(model(**new, **{f"{kind}_id": item_id}, points=points))
        elif current.points != points:
            current.points = points
            for field, value in on_change.items():
                setattr(current, field, value)
            updated.append(current)
    if removed:
        model.objects.filter(pk__in=removed).delete()
    bulk_save(model, created, updated, ["points", *on_change], by=by)
