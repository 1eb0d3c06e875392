"""Responsibility names -> tokens, each with who it would map to. Proposals only: nothing is owned.

People write responsibility as initials ("SB"), several at once ("SB/GF", "SB, GF", "SB & HR
team"), with odd spacing ("G F", "CWD G"), or as teams and partners ("HR team", "Connexions").
Every distinct name becomes a `Token` with the rows it is on, so nothing is dropped silently, and
a proposal, tried in this order:

1. remembered: a mapping the organisation confirmed at an earlier import (ResponsibilityMapping),
   if that person is still in post;
2. name: the full name of exactly one member of staff in post ("Sarah Bennett");
3. initials: 2-4 capitals ("SB", or spaced/dotted single letters: "G F", "G.F.") that exactly one
   member of staff in post has: first name's initial + last name's initial, or + the initial of
   each part of a double-barrelled last name ("JMW" for Jo Morris-White). Two or more: none, and
   the preview names them so the user can pick.

`save.import_plan` makes owners only from the choices the user confirmed (`owners=`).
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Callable

from actionplans.spreadsheets import parse
from actionplans.spreadsheets.preview import Owner, ParsedPlan, Token

REMEMBERED, NAME, INITIALS = "remembered", "name", "initials"

_SPACED_INITIALS = re.compile(r"^[A-Z](?:[.\s]+[A-Z]){1,3}\.?$")  # "G F", "G.F.", "J. M. W."
_NAME_PARTS = re.compile(r"[\s-]+")


def normalise_token(written: str) -> str:
    """The key a responsibility name is remembered by: spacing collapsed, case ignored."""
    return " ".join(written.split()).upper()


def as_initials(written: str) -> str | None:
    """'SB' -> 'SB'; 'G F' or 'G.F.' -> 'GF'; 'CWD G', 'HR team', 'sb' -> None."""
    if parse.looks_like_initials(written):
        return written
    if _SPACED_INITIALS.match(written.strip()):
        return re.sub(r"[\s.]", "", written)
    return None


def _initials_of(first: str, last: str) -> set[str]:
    first_initial = first[:1].upper()
    parts = [part for part in _NAME_PARTS.split(last.strip()) if part]
    keys = {first_initial + last[:1].upper()}
    if len(parts) > 1:
        keys.add(first_initial + "".join(part[:1].upper() for part in parts))
    return keys


class StaffLookup:
    """Who a responsibility name would map to among staff in post, and the remembered mappings."""

    def __init__(self, people, remembered=()):
        """people: (id, first name, last name) for every member of staff in post.
        remembered: (mapping id, token key, staff id, staff name) for every remembered mapping."""
        self.by_initials: dict[str, list[tuple[int, str]]] = defaultdict(list)
        self.by_name: dict[str, list[tuple[int, str]]] = defaultdict(list)
        self.in_post: set[int] = set()
        for pk, first, last in people:
            name = f"{first} {last}".strip()
            self.in_post.add(pk)
            for initials in _initials_of(first, last):
                self.by_initials[initials].append((pk, name))
            self.by_name[name.lower()].append((pk, name))
        self.remembered = {key: (mapping_id, pk, name) for mapping_id, key, pk, name in remembered}

    @classmethod
    def from_database(cls, on: datetime.date | None = None) -> StaffLookup:
        from actionplans.models import ResponsibilityMapping
        from workforce.models import StaffMember

        current = StaffMember.objects.in_post(on)
        remembered = [
            (mapping.pk, mapping.token, mapping.staff_member_id, mapping.staff_member.full_name)
            for mapping in ResponsibilityMapping.objects.select_related("staff_member").only(
                "token", "staff_member__first_name", "staff_member__last_name"
            )
        ]
        return cls(current.values_list("pk", "first_name", "last_name"), remembered)

    def match(self, written: str) -> tuple[int | None, str]:
        """(staff id, name) for one person in post by name or initials; else (None, why not),
        the reason blank for text that is neither initials nor a staff name."""
        staff_id, answer, _ = self._match(written)
        return staff_id, answer

    def _match(self, written: str) -> tuple[int | None, str, str]:
        candidates, kind = self.by_name.get(" ".join(written.split()).lower()), NAME
        initials = as_initials(written)
        if candidates is None and initials:
            candidates, kind = self.by_initials.get(initials, []), INITIALS
        if candidates is None:
            return None, "", ""
        if len(candidates) == 1:
            return candidates[0][0], candidates[0][1], kind
        if not candidates:
            return None, f"no member of staff in post has these {kind}", ""
        names = ", ".join(sorted(name for _, name in candidates)[:5])
        return None, f"{len(candidates)} members of staff in post share these {kind} ({names})", ""

    def propose(self, token: Token) -> None:
        remembered = self.remembered.get(token.key)
        if remembered and remembered[1] in self.in_post:
            token.mapping_id, token.proposed_id, token.proposed_name = remembered
            token.source, token.reason = REMEMBERED, "confirmed at an earlier import"
            return
        staff_id, answer, kind = self._match(token.written)
        if staff_id is not None:
            token.proposed_id, token.proposed_name, token.source = staff_id, answer, kind
            initials = as_initials(token.written)
            token.reason = (
                f"read as initials {initials}" if kind == INITIALS and initials != token.written else ""
            )
        else:
            token.reason = answer or "not initials or the name of a member of staff in post"
        if remembered:  # remembered, but that person has left: say so rather than propose them
            token.reason = f"remembered as {remembered[2]}, who is no longer in post; {token.reason}"


def read_tokens(plan: ParsedPlan, lookup: StaffLookup | Callable[[], StaffLookup]) -> None:
    """Split every action's and output's Responsibility into owners, gather the distinct tokens
    (in the order of their first row) and propose someone for each. `lookup` may be a function
    making one (`StaffLookup.from_database`): it is called only if there is a name to look up, so
    a plan with no Responsibility written does not read every member of staff in post."""
    tokens: dict[str, Token] = {}
    for carrier in sorted(plan.carriers, key=lambda c: _row_number(c.where)):
        carrier.owners = []
        for part in parse.split_owners(carrier.responsibility):
            key = normalise_token(part)
            if any(owner.key == key for owner in carrier.owners):
                continue
            carrier.owners.append(Owner(part, key))
            token = tokens.setdefault(key, Token(key, part))
            if carrier.where not in token.rows:
                token.rows.append(carrier.where)
    plan.tokens = list(tokens.values())
    if plan.tokens and not isinstance(lookup, StaffLookup):
        lookup = lookup()
    for token in plan.tokens:
        lookup.propose(token)


def _row_number(where: str) -> tuple[int, ...]:
    """'Row 12' -> (12,); 'Table 1, row 3' -> (1, 3): the order of the rows in the file."""
    return tuple(int(digits) for digits in re.findall(r"\d+", where or ""))


def every_proposal(plan: ParsedPlan) -> dict[str, int]:
    """What a user who confirms every proposal would choose ({token key: staff id}). The demo
    and round-trip tests use it; the web import never does (there, each choice is the user's)."""
    return {token.key: token.proposed_id for token in plan.tokens if token.proposed}
