"""Running the access matrix: the project's URL patterns, one request per (URL, variant,
persona, method) inside a savepoint that is rolled back, the database's fingerprint before and
after each POST, and the table of mismatches."""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from tests.security.matrix_entries import GET_REFUSALS, POST_REFUSALS
from tests.security.matrix_rules import ANYONE

# Tables a refused request may legitimately write, or that say nothing about the portal's data:
# the session (messages, the language), sign-in attempts (django-axes) and the history rows
# django-simple-history writes next to a change (the change itself shows in its own table).
NOISE_PREFIXES = ("django_session", "axes_")
NOISE_PARTS = ("historical",)


def is_noise_table(table: str) -> bool:
    return table.startswith(NOISE_PREFIXES) or any(part in table for part in NOISE_PARTS)


# URL patterns --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    name: str | None  # "reports:report"; None for an unnamed pattern
    route: str  # the full route, e.g. "bao-cao/<int:pk>/"
    namespace: str | None

    @property
    def key(self) -> str:
        """What the registry is keyed by: the name, or the route of an unnamed pattern."""
        return self.name or f"route:{self.route}"


def url_patterns() -> list[Pattern]:
    """Every URL pattern of the project, recursively, with namespaced names."""
    found = []

    def walk(patterns, prefix="", namespace=None):
        for item in patterns:
            if isinstance(item, URLResolver):
                inner = namespace
                if item.namespace:
                    inner = f"{namespace}:{item.namespace}" if namespace else item.namespace
                walk(item.url_patterns, prefix + str(item.pattern), inner)
            elif isinstance(item, URLPattern):
                name = item.name
                if name and namespace:
                    name = f"{namespace}:{name}"
                found.append(Pattern(name, prefix + str(item.pattern), namespace))

    walk(get_resolver().url_patterns)
    return found


# The database's fingerprint ------------------------------------------------------------------

_tables: list[str] = []


def fingerprint() -> dict[str, str]:
    """A digest of every table's rows (order ignored), noise tables left out."""
    with connection.cursor() as cursor:
        if not _tables:
            _tables.extend(
                sorted(
                    t for t in connection.introspection.table_names(cursor) if not is_noise_table(t)
                )
            )
        digests = {}
        quote = connection.ops.quote_name
        for table in _tables:
            cursor.execute(f"SELECT * FROM {quote(table)}")
            rows = Counter(repr(row) for row in cursor.fetchall())
            digests[table] = hashlib.sha1(
                repr(sorted(rows.items())).encode(), usedforsecurity=False
            ).hexdigest()
    return digests


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(t for t in before.keys() | after.keys() if before.get(t) != after.get(t))


WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


@contextmanager
def watching_writes():
    """The statements that write, sent while inside (on the default database)."""
    writes = []

    def watch(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(WRITES):
            writes.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        yield writes


@contextmanager
def rolled_back():
    """Whatever happens inside is undone: every request runs against the same world."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


# Results -------------------------------------------------------------------------------------


@dataclass
class Mismatch:
    name: str
    variant: str
    persona: str
    method: str
    expected: str
    got: str
    url: str


@dataclass
class Tally:
    patterns: set = field(default_factory=set)
    personas: set = field(default_factory=set)
    counts: Counter = field(default_factory=Counter)  # method -> checks
    mismatches: list = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)
    started_cpu: float = field(default_factory=time.process_time)

    def check(self, method: str) -> None:
        self.counts[method] += 1

    def fail(self, *args) -> None:
        self.mismatches.append(Mismatch(*args))

    def table(self) -> str:
        rows = [("url name", "variant", "persona", "method", "expected", "got", "url")]
        rows += [
            (m.name, m.variant, m.persona, m.method, m.expected, m.got, m.url)
            for m in self.mismatches
        ]
        widths = [min(max(len(str(r[i])) for r in rows), 60) for i in range(len(rows[0]))]
        lines = [
            " | ".join(str(cell)[:60].ljust(width) for cell, width in zip(row, widths, strict=True))
            for row in rows
        ]
        lines.insert(1, "-+-".join("-" * w for w in widths))
        return "\n".join(lines)

    def summary(self) -> str:
        total = sum(self.counts.values())
        by_method = ", ".join(f"{n} {m}" for m, n in sorted(self.counts.items()))
        return (
            f"access matrix: {len(self.patterns)} URL patterns x {len(self.personas)} personas, "
            f"{total} checks ({by_method}), {len(self.mismatches)} mismatches, "
            f"{time.monotonic() - self.started:.1f} s "
            f"({time.process_time() - self.started_cpu:.1f} s of CPU)"
        )


# Requests ------------------------------------------------------------------------------------


def make_client() -> Client:
    # A view that crashes is a mismatch to report with the others, not the end of the walk.
    return Client(raise_request_exception=False)


def send(client: Client, method: str, url: str, data=None, headers=None):
    """One request; the client's cookies are put back afterwards (a sign-out, a language
    choice or a message must not leak into the next request)."""
    saved = {key: morsel.value for key, morsel in client.cookies.items()}
    try:
        if method == "GET":
            response = client.get(url, headers=headers or {})
        else:
            response = client.post(url, data or {}, headers=headers or {})
        # Read what a browser would, so that a view that fails while streaming fails here.
        # (The test client closes the response itself, at the end of a streamed one: closing
        # it again would end the database connection, as at the end of a real request.)
        if response.streaming:
            b"".join(response.streaming_content)
    finally:
        client.cookies.clear()
        for key, value in saved.items():
            client.cookies[key] = value
    return response


def describe(response) -> str:
    """The response in a few words: status, where it redirects, what crashed."""
    text = str(response.status_code)
    if response.status_code in (301, 302, 303):
        text += f" -> {response.get('Location', '')}"
    exc_info = getattr(response, "exc_info", None)
    if exc_info:
        text += f" ({exc_info[0].__name__}: {str(exc_info[1])[:80]})"
    return text


def redirects_to(response, url_name: str) -> bool:
    if response.status_code != 302:
        return False
    return response.get("Location", "").split("?")[0] == reverse(url_name)


# Walking the registry ------------------------------------------------------------------------

# Anything else from a persona the rule allows means the page is not reachable for them.
NOT_THROUGH = frozenset({401, 403, 404, 405})


class Matrix:
    """Runs the registry's entries for every persona against one world."""

    def __init__(self, world, tally: Tally):
        self.world = world
        self.tally = tally
        self.clients: dict[str, Client] = {}
        self.subjects: dict[int, object] = {}

    def subject(self, variant):
        """The variant's subject, read once when nothing is prepared for it (the world is the
        same before every request)."""
        if variant.prepare:
            with rolled_back():
                variant.prepare(self.world)
                return variant.subject(self.world)
        key = id(variant)
        if key not in self.subjects:
            self.subjects[key] = variant.subject(self.world)
        return self.subjects[key]

    def client(self, persona) -> Client:
        if persona.key not in self.clients:
            client = make_client()
            if not persona.anonymous:
                client.force_login(persona.user)
            self.clients[persona.key] = client
        return self.clients[persona.key]

    def modes(self, entry, persona) -> list[tuple[str, Client, dict]]:
        """(label, client, headers): the session, and for the JSON API also the token (but
        not for what anyone may read)."""
        modes = [("session", self.client(persona), {})]
        if entry.api and not persona.anonymous and entry.get is not ANYONE:
            modes.append(
                (
                    "token",
                    self.client(self.world.persona("anonymous")),
                    {"Authorization": f"Token {persona.token}"},
                )
            )
        return modes

    # One entry -------------------------------------------------------------------------------

    def run(self, entry, url_of) -> None:
        self.tally.patterns.add(entry.name)
        acted: set[int] = set()  # variants whose change one allowed persona has made
        for persona in self.world.personas:
            self.tally.personas.add(persona.key)
            read_only_post_done = False
            for number, variant in enumerate(entry.variants):
                for mode, client, headers in self.modes(entry, persona):
                    # A GET of a POST-only view is refused before any object is looked at:
                    # tried with the first object only.
                    if (variant.get or entry.get) is not None or number == 0:
                        self.get(entry, variant, persona, mode, client, headers, url_of)
                    if not self.posts(entry, variant, persona, mode, read_only_post_done):
                        continue
                    rule = variant.post or entry.post
                    if rule is not None and rule(persona, self.subject(variant), self.world):
                        # One persona the rule allows makes the change: the body is real.
                        if id(variant) in acted:
                            continue
                        acted.add(id(variant))
                    self.post(entry, variant, persona, mode, client, headers, url_of)
                    read_only_post_done = rule is None
        changes_something = entry.post or any(v.post for v in entry.variants)
        if changes_something and not acted:
            self.tally.fail(
                entry.name,
                "-",
                "-",
                "POST",
                "someone allowed to act, in some variant",
                "nobody: the body sent to the others is never shown to work",
                "",
            )

    def _url(self, entry, variant, url_of):
        kwargs = variant.kwargs(self.world)
        return kwargs, url_of(entry.name, kwargs) + variant.query

    def _fail(self, entry, variant, persona, method, mode, expected, got, url):
        who = persona.key if mode == "session" else f"{persona.key} ({mode})"
        self.tally.fail(entry.name, variant.label, who, method, expected, got, url)

    def _refused_anonymously(self, entry, response) -> bool:
        if entry.api and not entry.session_only:
            return response.status_code in (401, 403)
        return redirects_to(response, "accounts:login")

    # GET -------------------------------------------------------------------------------------

    def get(self, entry, variant, persona, mode, client, headers, url_of) -> None:
        world = self.world
        with rolled_back():
            if variant.prepare:
                variant.prepare(world)
            try:
                _kwargs, url = self._url(entry, variant, url_of)
            except NoReverseMatch as exc:
                self._fail(entry, variant, persona, "GET", mode, "a URL", repr(exc), "")
                return
            subj = variant.subject(world) if variant.prepare else self.subject(variant)
            response = send(client, "GET", url, headers=headers)
        self.tally.check("GET")
        rule = variant.get or entry.get
        status = response.status_code
        if rule is None:
            expected = "405 (POST only)"
            ok = status == 405 or (persona.anonymous and self._refused_anonymously(entry, response))
        elif rule(persona, subj, world):
            ok_statuses = variant.get_ok or entry.get_ok
            expected = f"allowed ({'/'.join(map(str, sorted(ok_statuses)))}) as {rule}"
            ok = status in ok_statuses
        elif persona.anonymous:
            expected = "sent to sign in" if not entry.api or entry.session_only else "401"
            ok = self._refused_anonymously(entry, response)
        else:
            refusals = GET_REFUSALS | variant.get_refusals
            expected = f"refused ({'/'.join(map(str, sorted(refusals)))}): not {rule}"
            ok = status in refusals
        if not ok:
            self._fail(entry, variant, persona, "GET", mode, expected, describe(response), url)
        elif (variant.listing or entry.listing) and status == 200:
            listing = variant.listing or entry.listing
            for problem in self.listing_problems(listing, persona, response):
                self._fail(entry, variant, persona, "GET", mode, "the list", problem, url)

    def listing_problems(self, listing, persona, response) -> list[str]:
        """What a list shows that the persona may not open (and, for an exact list, what it
        leaves out that the persona may open)."""
        world = self.world
        listed = listing.shown(response)
        items = listing.items(world)
        problems = []
        for label, marker, rule, subj in items:
            may = rule(persona, subj, world)
            if listed(marker) and not may:
                problems.append(f"lists {label}, which it may not open ({rule})")
            elif listing.exact and may and not listed(marker):
                problems.append(f"leaves out {label}, which it may open")
        if response.get("Content-Type", "").startswith("application/json") and listing.exact:
            # The API's results: nothing else than the objects of the world either.
            known = {marker for _l, marker, _r, _s in items}
            shown = {item["id"] for item in response.json()["results"]}
            problems += [f"lists an unknown object, id {pk}" for pk in sorted(shown - known)]
        return problems

    # POST ------------------------------------------------------------------------------------

    def posts(self, entry, variant, persona, mode, read_only_post_done) -> bool:
        """Who POSTs: everyone to a view that changes something, with every object. To a
        read-only view: those who may not read it (in the read-only API, everyone), once."""
        if variant.post or entry.post:
            return True
        if read_only_post_done:
            return False
        if entry.api:
            return mode == "session" or (variant.get or entry.get) is not ANYONE
        rule = variant.get or entry.get
        return rule is not None and not rule(persona, self.subject(variant), self.world)

    def _send_post(self, entry, variant, persona, client, headers, url_of, measure: bool):
        """The POST in a rolled-back savepoint: (kwargs, url, subject, response, changed
        tables). Without measure, `changed` is None when no statement wrote anything, and
        "?" when one did (the caller then sends it again, measuring)."""
        world = self.world
        with rolled_back():
            if variant.prepare:
                variant.prepare(world)
            kwargs, url = self._url(entry, variant, url_of)
            subj = variant.subject(world) if variant.prepare else self.subject(variant)
            make_data = variant.data or entry.data
            data = make_data(world, persona, kwargs)
            if measure:
                before = fingerprint()
                response = send(client, "POST", url, data, headers=headers)
                changed = changed_tables(before, fingerprint())
            else:
                with watching_writes() as writes:
                    response = send(client, "POST", url, data, headers=headers)
                changed = "?" if writes else None
        return kwargs, url, subj, response, changed

    def post(self, entry, variant, persona, mode, client, headers, url_of) -> None:
        world = self.world
        rule = variant.post or entry.post
        changes = entry.changes if variant.changes is None else variant.changes
        # A POST the rule allows is compared table by table; the others mostly write nothing
        # at all, which is watched for, and are sent again and compared only if they did.
        expected_to_act = rule is not None and rule(persona, self.subject(variant), world)
        try:
            sent = self._send_post(
                entry, variant, persona, client, headers, url_of, expected_to_act
            )
            if sent[-1] == "?":
                sent = self._send_post(entry, variant, persona, client, headers, url_of, True)
        except NoReverseMatch as exc:
            self._fail(entry, variant, persona, "POST", mode, "a URL", repr(exc), "")
            return
        _kwargs, url, subj, response, changed = sent
        changed = changed or []
        self.tally.check("POST")
        status = response.status_code
        got = describe(response) + (f"; changed {', '.join(changed)}" if changed else "")
        if rule is not None and rule(persona, subj, world):
            expected = f"allowed as {rule}" + (", changes the data" if changes else "")
            if entry.post_ok:
                ok = status in entry.post_ok
            else:
                ok = status not in NOT_THROUGH and status < 500
                ok = ok and not redirects_to(response, "accounts:login")
            ok = ok and (bool(changed) if changes else not changed)
        elif rule is None and (variant.get or entry.get)(persona, subj, world):
            # The read-only API, for someone who may read it: nothing may change.
            expected = "nothing changed (read-only)"
            ok = status < 500 and not changed
        elif persona.anonymous:
            expected = "sent to sign in, nothing changed"
            ok = (
                self._refused_anonymously(entry, response) or status in (401, 403, 405)
            ) and not changed
        else:
            refusals = POST_REFUSALS | entry.refusals | variant.refusals
            what = f"not {rule}" if rule is not None else "read-only"
            expected = f"refused ({'/'.join(map(str, sorted(refusals)))}), nothing changed: {what}"
            ok = status in refusals and not changed
        if not ok:
            self._fail(entry, variant, persona, "POST", mode, expected, got, url)
