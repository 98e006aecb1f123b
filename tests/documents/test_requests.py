"""Asking for a document: one row per content, versions in turn, nothing rendered twice."""

import dataclasses
import datetime
import hashlib
import json
from decimal import Decimal

import pytest
from django.db import IntegrityError

from documents import registry
from documents import services as document_services
from documents.models import Document
from documents.services import canonical_json, content_hash, request_document
from tests.documents.kinds import ROSTER, roster_kind
from tests.factories import MembershipFactory, MemberUnitFactory


def test_same_data_returns_the_same_document_without_rendering_again(
    ask, renders, world, bloc_leader, staff_a
):
    first = ask(world.bloc_x, bloc_leader)
    again = ask(world.bloc_x, staff_a)
    assert again.pk == first.pk
    assert again.status == Document.Status.READY
    assert again.version == 1
    assert len(renders) == 1
    assert Document.objects.count() == 1


def test_changed_data_makes_version_2_and_version_1_stays_downloadable(
    ask, renders, world, bloc_leader, client_for
):
    first = ask(world.bloc_x, bloc_leader)
    newcomer = MemberUnitFactory(name="Ban Quản lý các KCN tỉnh Kon Tum", province="Kon Tum")
    MembershipFactory(bloc=world.bloc_x, unit=newcomer, year=world.year)

    second = ask(world.bloc_x, bloc_leader)

    assert second.pk != first.pk
    assert (first.version, second.version) == (1, 2)
    assert second.content_hash != first.content_hash
    assert len(renders) == 2
    assert "Kon Tum" in json.dumps(second.payload, ensure_ascii=False)
    assert "Kon Tum" not in json.dumps(first.payload, ensure_ascii=False)
    client = client_for(bloc_leader)
    for document in (first, second):
        response = client.get(f"/tai-lieu/{document.pk}/tai-ve/")
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_data_changed_back_returns_the_earlier_version(ask, world, bloc_leader):
    first = ask(world.bloc_x, bloc_leader)
    newcomer = MemberUnitFactory()
    membership = MembershipFactory(bloc=world.bloc_x, unit=newcomer, year=world.year)
    ask(world.bloc_x, bloc_leader)
    membership.delete()
    assert ask(world.bloc_x, bloc_leader).pk == first.pk


def test_a_new_template_version_makes_a_new_version(ask, renders, world, bloc_leader):
    first = ask(world.bloc_x, bloc_leader)
    registry.unregister(ROSTER)
    registry.register(dataclasses.replace(roster_kind(), template_version="2"))
    second = ask(world.bloc_x, bloc_leader)
    assert second.version == 2
    assert second.payload == first.payload
    assert len(renders) == 2


def test_a_failed_document_is_queued_and_rendered_again_when_asked_again(
    ask, renders, world, bloc_leader, staff_a
):
    first = ask(world.bloc_x, bloc_leader)
    Document.objects.filter(pk=first.pk).update(
        status=Document.Status.FAILED, error="Lỗi thử", attempts=4
    )
    again = ask(world.bloc_x, staff_a)
    assert again.pk == first.pk
    assert again.status == Document.Status.READY
    assert again.error == ""
    assert again.attempts == 1
    assert again.requested_by == staff_a
    assert len(renders) == 2


def test_a_document_being_rendered_is_returned_as_it_is(
    roster, django_capture_on_commit_callbacks, world, bloc_leader
):
    with django_capture_on_commit_callbacks(execute=False) as sent:
        queued = request_document(ROSTER, world.bloc_x, bloc_leader)
    assert queued.status == Document.Status.QUEUED
    assert len(sent) == 1
    with django_capture_on_commit_callbacks(execute=False) as sent_again:
        again = request_document(ROSTER, world.bloc_x, bloc_leader)
    assert again.pk == queued.pk
    assert sent_again == []


def test_the_row_records_the_request(ask, world, bloc_leader):
    document = ask(world.bloc_x, bloc_leader)
    assert document.kind == ROSTER
    assert document.subject == world.bloc_x
    assert document.requested_by == bloc_leader
    assert document.year == world.year
    assert document.title.startswith(f"Danh sách thành viên năm {world.year}")
    assert {m["province"] for m in document.payload["members"]} == {
        "Đắk Lắk",
        "Bình Định",
        "Quảng Ngãi",
        "Gia Lai",
    }


def test_the_hash_covers_the_canonical_payload_and_the_template_version():
    kind = roster_kind()
    payload = {"b": Decimal("1234.50"), "a": datetime.date(2026, 1, 6), "c": "Đắk Lắk"}
    canonical = canonical_json(payload)
    assert canonical == '{"a":"2026-01-06","b":"1234.50","c":"Đắk Lắk"}'
    expected = hashlib.sha256(f"{ROSTER}\n1\n{canonical}".encode()).hexdigest()
    assert content_hash(kind, canonical) == expected
    assert canonical_json(dict(reversed(payload.items()))) == canonical


def test_an_unknown_kind_is_refused(world, bloc_leader):
    with pytest.raises(LookupError, match="no_such_kind"):
        request_document("no_such_kind", world.bloc_x, bloc_leader)


def test_registering_another_definition_under_a_taken_name_is_refused(roster):
    registry.register(roster)  # the same definition again: fine
    with pytest.raises(Exception, match="already registered"):
        registry.register(roster_kind(template="documents_tests/other.html"))


def test_a_lost_race_for_the_first_version_finds_the_winners_row(
    roster, monkeypatch, django_capture_on_commit_callbacks, world, bloc_leader
):
    real = document_services._request
    calls = []

    def racing(*args):
        calls.append(1)
        if len(calls) == 1:
            raise IntegrityError("documents_document_unique_version")
        return real(*args)

    monkeypatch.setattr(document_services, "_request", racing)
    with django_capture_on_commit_callbacks(execute=False):
        document = request_document(ROSTER, world.bloc_x, bloc_leader)
    assert document.version == 1
    assert len(calls) == 2


def test_filenames_are_ascii(world):
    kind = roster_kind()
    name = kind.filename(world.bloc_x, 2)
    assert name == f"danh-sach-{world.year}-tay-nguyen-va-duyen-hai-mien-trung-v2.pdf"
    assert registry.ascii_slug("Đắk Lắk — Khối Đồng bằng") == "dak-lak-khoi-dong-bang"
