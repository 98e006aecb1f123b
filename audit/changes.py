"""Reading the audit history: the records of an object and its parts turned into entries a
person reads — when, who, which row, and each field that changed from what to what, with
numbers and dates written the active language's way.

A history page gathers several sources (the pact, its clauses, its criteria, ...). Each source
reads its historical records in one query; the references the page shows (units, indicators,
criteria, ...) are read once per model for the page. The count of queries does not grow with
the number of records.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Subquery
from django.template.defaultfilters import filesizeformat
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from khoi_thi_dua.numbers import format_number

# Texts longer than this are folded on the page (the whole text stays readable).
LONG_TEXT = 160
NOT_RECORDED = object()  # the value before the first record kept of a row
CREATED = object()  # no value before: the record created the row


@dataclass(frozen=True)
class Ref:
    """A row another record points to, shown by its name once read."""

    model: type[models.Model]
    pk: Any


def clip(text: str, length: int = 80) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


@dataclass(frozen=True)
class Source:
    """The historical records of one tracked model that belong to the object of a page.

    records: the object's records of this model (a queryset of the historical model).
    describe: which row a record is about, as text and Refs ("Indicator X", a unit, ...).
    hidden: fields not shown (the link to the page's object, who-did-it fields the record's
        own user already says, file paths).
    only: when given, the only fields shown.
    masked: the fields of a record whose values are not shown (still said to have changed).
    keep: whether a record is listed, from the record and the one before it; a record that is
        not listed still counts as the state the next one is compared with.
    """

    model: type[models.Model]
    records: Any
    describe: Callable[[Any], list] = lambda record: []
    hidden: tuple[str, ...] = ()
    only: tuple[str, ...] = ()
    masked: Callable[[Any], Iterable[str]] = lambda record: ()
    keep: Callable[[Any, Any], bool] | None = None

    def fields(self) -> list[models.Field]:
        history_model = self.model.history.model
        shown = [
            f
            for f in history_model.tracked_fields
            if not f.primary_key and f.name not in self.hidden
        ]
        shown += [f for f in history_model._history_m2m_fields if f.name not in self.hidden]
        if self.only:
            shown = [f for f in shown if f.name in self.only]
        return shown


@dataclass
class Change:
    model_field: models.Field
    old: Any  # CREATED for a row just created; NOT_RECORDED when no earlier record is kept
    new: Any
    masked: bool = False
    old_text: str = ""
    new_text: str = ""

    @property
    def label(self) -> str:
        return capfirst(self.model_field.verbose_name)

    @property
    def long(self) -> bool:
        return len(self.old_text) > LONG_TEXT or len(self.new_text) > LONG_TEXT


@dataclass
class Entry:
    record: Any
    source: Source
    changes: list[Change]
    order: int  # the source's place, to order records written at the same instant
    what: str = ""
    label: str = ""
    who: str = ""
    unit: str = ""

    @property
    def at(self) -> datetime:
        return self.record.history_date

    @property
    def action(self) -> str:
        return self.record.history_type

    @property
    def sort_key(self):
        return (self.record.history_date, self.order, self.record.history_id)


def _m2m_values(source: Source, records: list) -> dict[tuple[int, str], frozenset]:
    """{(history id, field name): ids} for the source's many-to-many fields, one query each."""
    values: dict[tuple[int, str], frozenset] = {}
    history_model = source.model.history.model
    ids = [r.history_id for r in records]
    for m2m in history_model._history_m2m_fields:
        if m2m.name in source.hidden or not ids:
            continue
        through = getattr(history_model, m2m.name).model
        found: dict[int, set] = defaultdict(set)
        rows = through.objects.filter(history_id__in=Subquery(source.records.values("history_id")))
        for history_id, target_id in rows.values_list("history_id", m2m.m2m_reverse_name()):
            found[history_id].add(target_id)
        for history_id in ids:
            values[(history_id, m2m.name)] = frozenset(found.get(history_id, ()))
    return values


def _value(record, f: models.Field, m2m: dict):
    if f.many_to_many:
        return m2m.get((record.history_id, f.name), frozenset())
    return getattr(record, f.attname)


def _empty(value) -> bool:
    return value is None or value == "" or value == frozenset()


def collect(sources: list[Source]) -> list[Entry]:
    """Every listed record of the sources, with its raw changes, newest first."""
    entries = []
    for order, source in enumerate(sources):
        pk_name = source.model._meta.pk.attname
        records = list(
            source.records.select_related("history_user__unit").order_by(
                pk_name, "history_date", "history_id"
            )
        )
        m2m = _m2m_values(source, records)
        fields = source.fields()
        previous_of: dict = {}
        for record in records:
            key = getattr(record, pk_name)
            previous = previous_of.get(key)
            previous_of[key] = record
            if source.keep is not None and not source.keep(record, previous):
                continue
            masked = set(source.masked(record))
            changes = []
            if record.history_type != "-":
                for f in fields:
                    new = _value(record, f, m2m)
                    if record.history_type == "+":
                        if _empty(new):
                            continue
                        old = CREATED
                    elif previous is None:
                        old = NOT_RECORDED
                    else:
                        old = _value(previous, f, m2m)
                        if old == new:
                            continue
                    changes.append(Change(f, old, new, masked=f.name in masked))
            if record.history_type == "~" and not changes:
                continue  # saved without a change to anything shown here
            entries.append(Entry(record=record, source=source, changes=changes, order=order))
    entries.sort(key=lambda e: e.sort_key, reverse=True)
    return entries


# Formatting, for the entries of one page --------------------------------------------------


def _ref_name(obj) -> str:
    """How a referenced row is named on the page."""
    User = get_user_model()
    if isinstance(obj, User):
        return obj.get_full_name()
    for attribute in ("nominee_label", "label"):
        if hasattr(obj, attribute) and isinstance(getattr(obj, attribute), str):
            return getattr(obj, attribute)
    if hasattr(obj, "name") and isinstance(obj.name, str):
        return obj.name
    if hasattr(obj, "title") and isinstance(obj.title, str):
        return obj.title
    if hasattr(obj, "text") and isinstance(obj.text, str):
        return clip(obj.text)
    return str(obj)


# Related rows read with the page: what their names need.
_RELATED_FOR_NAME = {
    "awards.nomination": ("unit",),
    "pacts.registration": ("unit",),
}


def _resolve(refs: set[Ref]) -> dict[Ref, str]:
    by_model: dict[type, set] = defaultdict(set)
    for ref in refs:
        if ref.pk is not None:
            by_model[ref.model].add(ref.pk)
    names: dict[Ref, str] = {}
    for model, pks in by_model.items():
        queryset = model._default_manager.all()
        related = _RELATED_FOR_NAME.get(model._meta.label_lower)
        if related:
            queryset = queryset.select_related(*related)
        found = queryset.in_bulk(pks)
        for pk in pks:
            obj = found.get(pk)
            if obj is None:
                # The row was deleted since; say so rather than leave a bare number.
                names[Ref(model, pk)] = _("%(what)s no. %(pk)s (deleted)") % {
                    "what": capfirst(model._meta.verbose_name),
                    "pk": pk,
                }
            elif model._meta.label_lower == "pacts.registration":
                names[Ref(model, pk)] = obj.unit.name
            else:
                names[Ref(model, pk)] = _ref_name(obj)
    return names


def _refs_of_change(change: Change) -> list[Ref]:
    f = change.model_field
    if change.masked:
        return []
    values = [
        v
        for v in (change.old, change.new)
        if v is not NOT_RECORDED and v is not CREATED and not _empty(v)
    ]
    if f.many_to_many:
        return [Ref(f.related_model, pk) for v in values for pk in v]
    if f.is_relation:
        return [Ref(f.related_model, v) for v in values]
    return []


def format_value(f: models.Field, value, names: dict[Ref, str]) -> str:
    """A field's value as the reader sees it: vi-VN numbers and dates, names, labels."""
    if value is NOT_RECORDED:
        return _("not recorded")
    if _empty(value):
        return "—"
    if f.many_to_many:
        return ", ".join(sorted(names.get(Ref(f.related_model, pk), str(pk)) for pk in value))
    if f.is_relation:
        return names.get(Ref(f.related_model, value), str(value))
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(f, models.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(f, models.JSONField):
        # The vote's count: shown on the vote's page, not repeated here.
        return _("the count is recorded")
    if isinstance(value, Decimal):
        return format_number(value)
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, time):
        return formats.time_format(value, "TIME_FORMAT")
    if f.name == "size" and isinstance(value, int):
        return filesizeformat(value)
    return str(value)


def fill_texts(entries: list[Entry]) -> list[Entry]:
    """Fill in the texts of the entries of one page: names read once per model."""
    refs: set[Ref] = set()
    described = []
    for entry in entries:
        parts = entry.source.describe(entry.record)
        described.append(parts)
        refs.update(p for p in parts if isinstance(p, Ref))
        for change in entry.changes:
            refs.update(_refs_of_change(change))
    names = _resolve(refs)
    hidden_text = _("hidden until the vote is closed")
    for entry, parts in zip(entries, described, strict=True):
        entry.what = capfirst(entry.source.model._meta.verbose_name)
        entry.label = "".join(names.get(p, "") if isinstance(p, Ref) else str(p) for p in parts)
        user = entry.record.history_user
        if user is None:
            entry.who = _("not recorded")
        else:
            entry.who = user.get_full_name()
            if user.unit_id:
                entry.unit = user.unit.name
            elif user.is_ministry_staff:
                entry.unit = _("Ministry")
            elif user.is_superuser:
                entry.unit = _("Administrator")
        for change in entry.changes:
            f = change.model_field
            if change.masked:
                change.old_text = "" if change.old is CREATED else hidden_text
                change.new_text = hidden_text
                continue
            change.old_text = "" if change.old is CREATED else format_value(f, change.old, names)
            change.new_text = format_value(f, change.new, names)
    return entries
