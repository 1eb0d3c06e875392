"""Reading the text people type into action plan spreadsheets. Pure functions, no database.

Each function takes one cell's text (as written) and returns what can be read from it, so the
importer (`walk`) keeps the text as written and adds what it could read:
a header label -> the column it names; "1.2.3 Benchmark ..." -> ("1.2.3", "Benchmark ...");
a bulleted cell -> its items; "Sept 2013" -> 30 September 2013; "£4,800 backfill" -> 4800;
"At least 25% ... by December 2013, 50% by September 2015" -> dated targets;
"(dependent on 1.1.2)" -> ["1.1.2"]; "SB/GF" -> ["SB", "GF"].
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# Re-exported: the importer reads dates and timeframes through this module.
from actionplans.spreadsheets.parse_dates import Timeframe, find_dates, month_end, parse_timeframe  # noqa: F401

# --- Header rows ------------------------------------------------------------------------------

# Column keys, in the order they are tried: the achievements label ("Achievements by 2018 will
# include") contains "will", so it must be recognised before the "The Trust will..." action label.
HEADER_PATTERNS: list[tuple[str, re.Pattern]] = [
    (key, re.compile(pattern))
    for key, pattern in [
        ("achievements", r"^(expected )?(achievements?|outcomes?|impact)\b"),
        ("contributors", r"^(essential )?input (required )?from\b|^contributors?\b|^partners?$|^who else\b"),
        ("progress", r"^(progress|update|current position|position at|rag|status)\b"),
        ("focus_area", r"^(areas? of focus|focus areas?|focus)\b"),
        ("priority", r"^(strategic )?(priority|priorities|theme|themes|objective|objectives)$"),
        ("output", r"^(outputs?|deliverables?|key deliverables?|measures? of success)\b"),
        (
            "action",
            r"^(actions?|key actions?|actions? required|actions? to be taken|what we will do)$|\bwill$",
        ),
        ("responsibility", r"^(responsibility|responsible|owners?|leads?|lead officer|who)\b"),
        (
            "timeframe",
            r"^(timeframe|time frame|timescales?|timeline|due|deadline|by when|when|target date)\b",
        ),
        ("milestones", r"^(key )?milestones?\b"),
        ("resources", r"^(resources?|resource implications|costs?|budget)\b"),
        ("risks", r"^(key )?risks?\b"),
    ]
]
TREE_KEYS = ("priority", "focus_area", "action", "output")
LIST_KEYS = ("milestones", "risks", "contributors", "achievements")
# The columns a plan can have, in the order the preview shows them.
COLUMN_ORDER = (
    "priority",
    "focus_area",
    "action",
    "output",
    "responsibility",
    "timeframe",
    "milestones",
    "risks",
    "resources",
    "progress",
    "contributors",
    "achievements",
)


def normalise_label(text: str) -> str:
    """'Resources / Cost' -> 'resources cost'; 'Risk(s)' -> 'risks'; 'UHS will...' -> 'uhs will'."""
    text = text.lower().replace("(s)", "s").replace("&", " and ")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def match_header(text: str) -> str | None:
    """The column key a header cell names, or None."""
    label = normalise_label(text)
    if not label or len(label) > 60:
        return None
    for key, pattern in HEADER_PATTERNS:
        if pattern.search(label):
            return key
    return None


def header_columns(cells: list[str]) -> dict[str, int] | None:
    """{key: column index} when this row is a header row, else None.

    A header row names the action column and at least one other, and most of its filled cells
    are column names (so a data row that happens to say "Owner" in one cell is not mistaken)."""
    found: dict[str, int] = {}
    filled = sum(1 for text in cells if text)
    # Every filled cell that names no new column is one fewer towards the 60%: a data row is
    # given up on as soon as too many have (matching a cell is most of reading a sheet's rows).
    missed, most_missed = 0, 0.4 * filled
    for index, text in enumerate(cells):
        if not text:
            continue
        key = match_header(text)
        if key and key not in found:
            found[key] = index
        else:
            missed += 1
            if missed > most_missed:
                return None
    if "action" not in found or len(found) < 2 or len(found) < 0.6 * filled:
        return None
    return found


# --- Numbers in the text ------------------------------------------------------------------------

_DOTTED = re.compile(r"^\s*(\d{1,3}(?:\.\d{1,3})+)\.?(?:\s*[-–:]\s+|\s+)(?=\S)(.*)$", re.S)
_SINGLE = re.compile(r"^\s*(\d{1,3})[.)](?:\s+)(?=\S)(.*)$", re.S)
_LETTER = re.compile(r"^\s*\(?([a-zA-Z])[.)](?:\s+)(?=\S)(.*)$", re.S)
_HEADING = re.compile(
    r"^\s*(priority|theme|objective|aim|section|area)\s*(\d{1,3}|[a-z])\b\s*[.:)\-–]?\s*(.*)$", re.I | re.S
)


def split_number(text: str) -> tuple[str, str]:
    """'1.2.3 Benchmark ...' -> ('1.2.3', 'Benchmark ...'); '2) Do x' -> ('2', 'Do x').

    A bare leading number without a dot or bracket ('12 Link Trainers in post') is text, not a number."""
    text = text.strip()
    match = _DOTTED.match(text) or _SINGLE.match(text)
    if match:
        return match.group(1), match.group(2).strip()
    return "", text


def split_letter(text: str) -> tuple[str, str]:
    """'b. 250 people trained' -> ('b', '250 people trained'); '(c) x' -> ('c', 'x')."""
    text = text.strip()
    match = _LETTER.match(text)
    if match:
        return match.group(1).lower(), match.group(2).strip()
    return "", text


def split_heading(text: str) -> tuple[str, str]:
    """'Priority 2. Make training count' -> ('2', 'Make training count'); a theme title -> ('', title)."""
    text = text.strip()
    match = _HEADING.match(text)
    if match and match.group(3).strip():
        return match.group(2), match.group(3).strip()
    number, rest = split_number(text)
    return number, rest


def looks_like_heading(text: str) -> bool:
    """'Priority 3 ...', 'Theme 1: ...' (a numbered heading, whatever its column)."""
    return bool(_HEADING.match(text.strip()))


def focus_area_level(text: str) -> bool:
    """'2.1 Mandatory training' is an area of focus number (two levels)."""
    number, _ = split_number(text)
    return number.count(".") == 1


# --- Lists in a cell ------------------------------------------------------------------------------

# One bullet glyph starts an item and is dropped; a dash or star only when a space follows, so
# "-ve feedback" or "*Bank staff" is text. Numbering ("1)", "a.", "1.9.1 ...") is not a bullet:
# only the Action and Output columns carry numbers, so in a list cell it is kept as written
# ("1.9.1 Develop ..." in a Risk cell is a cross-reference, not a number to strip).
_BULLET_LINE = re.compile(r"^\s*(?:[•·▪◦‣●○■□➢►✓✔]\s*|[-–—*]\s+)")
_INLINE_BULLETS = re.compile(r"\s+[•·▪◦‣●■➢►]\s+")


def split_items(text: str) -> list[str]:
    """A cell's list: one item per line or per bullet; the bullet glyphs are dropped and the
    rest of each item is kept exactly as written.

    When some lines start with a bullet, a line without one continues the item above (a long
    item wrapped by hand); otherwise every non-blank line is an item."""
    if not text or not text.strip():
        return []
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # "• one • two" typed on one line: each bullet starts an item.
    lines = _INLINE_BULLETS.sub("\n• ", text).split("\n")
    marked = [
        bool(_BULLET_LINE.match(line)) and bool(_BULLET_LINE.sub("", line, count=1).strip()) for line in lines
    ]
    any_marked = any(marked)
    items: list[str] = []
    joinable = False
    for line, is_marked in zip(lines, marked, strict=True):
        stripped = line.strip()
        if not stripped:
            joinable = False
            continue
        content = _BULLET_LINE.sub("", stripped, count=1).strip() if is_marked else stripped
        if not content:
            continue
        if any_marked and not is_marked and joinable and items:
            items[-1] = f"{items[-1]} {content}"
        else:
            items.append(content)
        joinable = True
    return items


def bulleted(items: list[str]) -> bool:
    """Whether a list must be written with bullets to read back as the same items: an item that
    itself starts like a bullet, or spans lines, would otherwise be split or stripped."""
    return any(_BULLET_LINE.match(item) or "\n" in item for item in items)


AS_ABOVE = re.compile(r"^\s*(as above|same as above|see above|ditto|as per above)\.?\s*$", re.I)


def is_as_above(text: str) -> bool:
    return bool(AS_ABOVE.match(text or ""))


# --- Money ------------------------------------------------------------------------------------------

_AMOUNT = re.compile(r"£\s*(\d[\d,]*(?:\.\d{1,2})?)\s*(k|m|million|thousand)?\b", re.I)
_MULTIPLIERS = {"k": 1000, "thousand": 1000, "m": 1_000_000, "million": 1_000_000}


def parse_cost(text: str) -> Decimal | None:
    """'£4,800 backfill' -> 4800; 'E-learning licences £2,000' -> 2000; '£2.5k' -> 2500.
    Several amounts in one cell are added up ('£1,000 venue, £500 catering' -> 1500)."""
    total = None
    for match in _AMOUNT.finditer(text or ""):
        try:
            value = Decimal(match[1].replace(",", ""))
        except InvalidOperation:
            continue
        value *= _MULTIPLIERS.get((match[2] or "").lower(), 1)
        total = value if total is None else total + value
    if total is not None and total >= Decimal("1e10"):
        return None  # cost_amount holds 12 digits with 2 decimals; a larger figure is a typo
    return total


# --- Measurable targets --------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    value: Decimal
    unit: str
    by_date: datetime.date | None


_PERCENT = re.compile(r"(\d{1,3}(?:\.\d+)?)\s*%")
_BY_DATE = re.compile(
    r"\b(?:by|before|from)\s+(?:the\s+end\s+of\s+)?(.{3,30}?)(?=,|;|\band\b|$|\d{1,3}(?:\.\d+)?\s*%)", re.I
)
_LEADING_COUNT = re.compile(
    r"^\s*(?:at least|a minimum of|minimum of|min\.?|over|more than|up to)?\s*(\d[\d,]*)\s+([a-zA-Z].*)$",
    re.I | re.S,
)
UNIT_MAX = 50


def _by_date_in(text: str) -> datetime.date | None:
    match = _BY_DATE.search(text)
    if match:
        dates = find_dates(match.group(1))
        if dates:
            return dates[0]
    return None


def parse_targets(text: str) -> list[Target]:
    """Measurable targets in an output's text.

    '250 people trained per annum' -> [250 'people trained per annum'];
    'At least 25% of staff trained by December 2013, 50% by September 2015' -> two dated % targets;
    an output that starts with no number and names no percentage has none."""
    text = (text or "").strip()
    percents = list(_PERCENT.finditer(text))
    if percents:
        targets = []
        for index, match in enumerate(percents):
            end = percents[index + 1].start() if index + 1 < len(percents) else len(text)
            targets.append(Target(Decimal(match[1]), "%", _by_date_in(text[match.end() : end])))
        return targets
    match = _LEADING_COUNT.match(text)
    if not match:
        return []
    number = match[1].replace(",", "")
    if len(number) == 4 and number.startswith(("19", "20")):
        return []  # "2026 plan published": a year, not a count
    rest = match[2].strip()
    by_date = None
    by = re.search(r"\s+\b(?:by|before)\s+(.+)$", rest, re.I)
    if by and find_dates(by.group(1)):
        by_date = find_dates(by.group(1))[0]
        rest = rest[: by.start()].strip()
    unit = rest.rstrip(".")
    if len(unit) > UNIT_MAX:
        unit = unit[:UNIT_MAX].rsplit(" ", 1)[0]
    return [Target(Decimal(number), unit, by_date)]


# --- References between actions --------------------------------------------------------------------

_DEPENDENCY = re.compile(
    r"\b(?:(?:dependent|depends|depend|dependency|dependencies|reliant|relies|relying)\s+(?:up)?on|"
    r"following completion of|after completion of|subject to|linked to)"
    r"\s*:?\s*((?:actions?\s+)?\d+(?:\.\d+)+(?:\s*(?:,|and|&|/|or)\s*\d+(?:\.\d+)+)*)",
    re.I,
)
_REF = re.compile(r"\d+(?:\.\d+)+")


def find_dependencies(text: str) -> list[str]:
    """'... (dependent on 1.1.2)' -> ['1.1.2']; 'Dependent on 2.2.1 and 2.2.3' -> both.
    References to whole priorities ('through actions in Priorities 2-5') are not dependencies."""
    refs: list[str] = []
    for match in _DEPENDENCY.finditer(text or ""):
        for ref in _REF.findall(match.group(1)):
            if ref not in refs:
                refs.append(ref)
    return refs


# --- Owners -----------------------------------------------------------------------------------------

_OWNER_SEPARATORS = re.compile(r"\s*(?:/|\\|&|\+|,|;|\band\b|\n)\s*", re.I)
_INITIALS = re.compile(r"^[A-Z]{2,4}$")


def split_owners(text: str) -> list[str]:
    """'SB/GF', 'SB & GF', 'SB, GF', 'SB and GF' -> ['SB', 'GF']; 'HR across partners' stays one part."""
    parts = [part.strip(" .()") for part in _OWNER_SEPARATORS.split(text or "")]
    return [part for part in parts if part]


def looks_like_initials(part: str) -> bool:
    return bool(_INITIALS.match(part))


# --- Progress and the plan's period ------------------------------------------------------------------

_COMPLETED = re.compile(r"^\s*(completed?|done|achieved|fully (completed|achieved))\b(?!\s*by\b)", re.I)


def says_completed(text: str) -> bool:
    """'Completed', 'Complete - March 2025' yes; 'Work in progress - almost completed', 'Not complete' no."""
    return bool(_COMPLETED.match(text or ""))


_PERIOD = re.compile(r"\b(20\d{2})\s*(?:-|–|/|to)\s*(20\d{2}|\d{2})\b")


def parse_period(title: str) -> tuple[datetime.date, datetime.date] | None:
    """'... Action Plan 2025-28' -> (1 April 2025, 31 March 2028): NHS financial years."""
    match = _PERIOD.search(title or "")
    if not match:
        return None
    start = int(match[1])
    end = int(match[2]) if len(match[2]) == 4 else (start // 100) * 100 + int(match[2])
    if not start < end <= start + 10:
        return None
    return datetime.date(start, 4, 1), datetime.date(end, 3, 31)


def shorten(text: str, limit: int) -> str:
    """`text` on one line, cut at a word boundary with an ellipsis when longer than `limit`, so a
    message quoting a cell never cuts a word in half (only one word longer than `limit` is cut)."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut and not text[limit - 1].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-–") + "…"


def cell_text(value) -> str:
    """A spreadsheet value as the text the user sees (dates written out, whole numbers without '.0')."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return f"{value.day} {value:%B %Y}"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    text = text.strip()
    # Our own exports put an apostrophe before text Excel would run as a formula; take it off
    # again so an exported plan re-imports as it was. The text is kept as text either way.
    if text.startswith("'") and text[1:2] in ("=", "+", "-", "@"):
        text = text[1:]
    return text
