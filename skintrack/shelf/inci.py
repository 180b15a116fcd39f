"""Read an ingredient list (INCI) as printed on a pack and match it against the catalog.

Pure Python on purpose (no Django), so the parsing can be tested and reused anywhere.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import ClassVar

_HEADING = re.compile(  # "Ingredients:", "INGREDIENTS/INGRÉDIENTS :", "Inactive ingredients:"
    r"(?:^|(?<=[\n.,;]))[^\n.,;:]{0,30}?\b(?:ingr[eé]dients?|ingredientes|zutaten|inci)"
    r"(?:\s*/\s*ingr[eé]dients?)*(?:\s+list)?\s*:",
    re.IGNORECASE,
)
_MAY = (
    r"\+\s*/\s*-|±|(?:all\s+(?:shades|colou?rs)\s+)?may\s+contain"
    r"|peut\s+contenir|kann\s+enthalten|puede\s+contener"
)
_MAY_CONTAIN = re.compile(_MAY, re.IGNORECASE)
_MAY_CONTAIN_MARKER = re.compile(rf"(?:[\[(]\s*)?(?:{_MAY})\s*[\])]?\s*:?", re.IGNORECASE)
_WRAPPED_LINE = re.compile(r"(?<=[\w)])[ \t]*\n[ \t]*(?=[\w(])")
# Not 1,2-Hexanediol; but "Camphor 0.6% Menthol 0.6%" is two ingredients.
_SEPARATOR = re.compile(r"(?<!\d),|,(?!\d)|[;\n•·▪●◦]|\.\s+(?=\*)|(?<=%)\s+(?=[A-Za-z])(?!w/)")
_AND = re.compile(r"\s+(?:and|&)\s+", re.IGNORECASE)
_SLASH = re.compile(r"\s*/\s*")
_PERCENT = re.compile(r"(?:[<>≤≥~]\s*)?(?<![\d.,])\d++(?:[.,]\d++)?\s*%(?:\s*w/[wv])?", re.I)
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|\[\s*\]")
_PARENTHETICAL = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")
_EDGE_JUNK = " \t-–—*†‡°:.•"
_COLOUR_INDEX = re.compile(r"\bc ?i ?(\d{5})\b")  # "CI77491", "C. I. 77491" -> "ci 77491"
_LEADING_AND = re.compile(r"^(?:and|&)\s+", re.IGNORECASE)  # "..., squalane, and trolamine"
_QUALIFIERS = re.compile(
    r"\b(?:organic|bio|certified|natural|pure|extra|virgin|raw|cold pressed|usp|nf|bp|ph eur)\b"
)
_FOOTNOTE = re.compile(  # "*Certified organic ingredient", printed after the list
    r"\*+\s*(?:(?:certified|organic|bio|biologique|ingredients?|from|farming|agriculture)\W*)+",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class CatalogEntry:
    inci_name: str
    aliases: tuple[str, ...] = ()
    comedogenicity: int | None = None
    marks: frozenset[str] = frozenset()
    irritancy: int | None = None
    source: str = ""  # where the rating comes from (shown beside it)
    description: str = ""

    @classmethod
    def from_dict(cls, row: Mapping) -> CatalogEntry:
        """Build an entry from a row shaped like those in ``ingredient_data.INGREDIENTS``."""
        return cls(
            inci_name=row["inci_name"],
            aliases=tuple(row.get("aliases") or ()),
            comedogenicity=row.get("comedogenicity"),
            marks=frozenset(row.get("marks") or ()),
            irritancy=row.get("irritancy"),
            source=row.get("source_note") or "",
            description=row.get("description") or "",
        )


@dataclass(frozen=True)
class ParsedIngredient:
    label: str  # as written on the list, cleaned
    entry: CatalogEntry | None  # None: not in the catalog
    may_contain: bool = False


@dataclass(frozen=True)
class Verdict:
    comedogenic: bool
    reason: str
    flagged: tuple[ParsedIngredient, ...]


def split_inci(text: str) -> list[tuple[str, bool]]:
    """Split a pasted list into (cleaned label, may_contain) pairs, in label order."""
    text = unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").replace("\r", "\n")
    text = _unwrap_lines(_HEADING.sub(",", text))
    pairs = []
    for section, may_contain in _sections(text):
        for piece in _split_top_level(section, _SEPARATOR):
            label = _clean_label(piece)
            if label and not _FOOTNOTE.fullmatch(piece.strip()):
                pairs.append((label, may_contain))
    return pairs


def _unwrap_lines(text: str) -> str:
    """In a comma-separated list, a line break between two words only wraps a long name."""
    lines = sum(1 for line in text.split("\n") if line.strip())
    if len(re.findall(r"[,;]", text)) < lines:  # one ingredient per line
        return text
    return _WRAPPED_LINE.sub(" ", text)


def _sections(text: str) -> list[tuple[str, bool]]:
    """Cut out "may contain" / "+/-" parts: in brackets up to the closing one, else to the end."""
    sections = []
    while match := _MAY_CONTAIN.search(text):
        before = text[: match.start()].rstrip()
        close = _closing_bracket(text, len(before) - 1) if before.endswith(("[", "(")) else 0
        inside = text[match.end() : close]
        if close and any(char.isalnum() for char in inside):  # "[+/- CI 77891, ...]"
            sections += [(before[:-1], False), (inside, True)]
            text = text[close + 1 :]
        else:  # "May contain: ..." or "(+/-) ..." runs to the end of the list
            sections += [(before.rstrip("(["), False), (text[match.start() :], True)]
            text = ""
    sections.append((text, False))
    return [(_MAY_CONTAIN_MARKER.sub(",", part), may) for part, may in sections if part.strip()]


def _closing_bracket(text: str, opening: int) -> int:
    depth = 0
    for index in range(opening, len(text)):
        depth += _depth_change(text[index])
        if depth == 0:
            return index
    return len(text)


def _depth_change(text: str) -> int:
    return text.count("(") + text.count("[") - text.count(")") - text.count("]")


def _split_top_level(text: str, pattern: re.Pattern) -> list[str]:
    """Split on ``pattern``, except inside parentheses or square brackets."""
    parts, start, depth, scanned = [], 0, 0, 0
    for match in pattern.finditer(text):
        depth = max(0, depth + _depth_change(text[scanned : match.start()]))
        scanned = match.end()
        if depth == 0:
            parts.append(text[start : match.start()])
            start = match.end()
    parts.append(text[start:])
    if depth + _depth_change(text[scanned:]) > 0:  # an unclosed bracket: ignore brackets
        return pattern.split(text)
    return parts


def _clean_label(piece: str) -> str:
    label = _EMPTY_BRACKETS.sub(" ", _PERCENT.sub(" ", piece))
    label = _LEADING_AND.sub("", " ".join(label.split()).strip(_EDGE_JUNK))
    return label if any(char.isalnum() for char in label) else ""


def normalise(name: str) -> str:
    """Lower case, no accents, punctuation as spaces, single spaces; colour index numbers
    written one way ("C.I. 77491", "CI77491" -> "ci 77491")."""
    name = unicodedata.normalize("NFKD", name)
    name = "".join(char for char in name if not unicodedata.combining(char)).lower()
    name = re.sub(r"[.'’]", "", name)
    name = " ".join(re.sub(r"[^a-z0-9]+", " ", name).split())
    return _COLOUR_INDEX.sub(r"ci \1", name)


def _index(catalog: Iterable[CatalogEntry]) -> dict[str, CatalogEntry]:
    index: dict[str, CatalogEntry] = {}
    for entry in catalog:
        for name in (entry.inci_name, *entry.aliases):
            for key in (normalise(name), normalise(_PARENTHETICAL.sub(" ", name))):
                if key:
                    index.setdefault(key, entry)
    return index


@dataclass(frozen=True)
class IndexedCatalog:
    """Catalog entries with their name index built once, to analyse many products.

    It also remembers each ingredient list it analysed (up to ``MAX_REMEMBERED``): the same
    shelf is analysed on every page load while the catalog stays the same.
    """

    entries: tuple[CatalogEntry, ...]
    index: Mapping[str, CatalogEntry]
    analysed: dict[str, tuple[ParsedIngredient, ...]] = field(
        default_factory=dict, compare=False, repr=False
    )

    MAX_REMEMBERED: ClassVar[int] = 4096

    def __iter__(self):
        return iter(self.entries)


def indexed(catalog: Iterable[CatalogEntry]) -> IndexedCatalog:
    entries = tuple(catalog)
    return IndexedCatalog(entries, _index(entries))


def _candidates(name: str) -> list[str]:
    """The whole name, the name without its parenthetical, then the parenthetical itself."""
    variants = [name, _PARENTHETICAL.sub(" ", name)]
    variants += [a or b for a, b in _PARENTHETICAL.findall(name)]
    keys = [normalise(variant) for variant in variants]
    keys += [" ".join(_QUALIFIERS.sub(" ", key).split()) for key in keys]
    return [key for key in keys if key]


def _lookup(name: str, index: Mapping[str, CatalogEntry]) -> CatalogEntry | None:
    return next((index[key] for key in _candidates(name) if key in index), None)


def _match_label(label: str, index: Mapping[str, CatalogEntry]) -> list[ParsedIngredient]:
    """One label, or several when " and " joins names that are not one catalog name."""
    if entry := _lookup(label, index):
        return [ParsedIngredient(label, entry)]
    parts = _split_top_level(label, _AND)
    if len(parts) > 1:
        return [item for part in parts for item in _match_label(part.strip(), index)]
    alternatives = _split_top_level(label, _SLASH)  # "Water/Aqua/Eau": one ingredient
    entry = next(filter(None, (_lookup(alt, index) for alt in alternatives)), None)
    return [ParsedIngredient(label, entry)]


def analyse(text: str, catalog: Iterable[CatalogEntry]) -> list[ParsedIngredient]:
    """Parse ``text`` and match every ingredient; unknown ones keep ``entry=None``.

    The result is in label order and lists each ingredient once. An ingredient is
    "may contain" only if every mention of it is in a "may contain" section.
    """
    if not isinstance(catalog, IndexedCatalog):
        return list(_analyse(text, _index(catalog)))
    if (known := catalog.analysed.get(text)) is None:
        if len(catalog.analysed) >= IndexedCatalog.MAX_REMEMBERED:
            catalog.analysed.clear()
        known = catalog.analysed[text] = _analyse(text, catalog.index)
    return list(known)


def _analyse(text: str, index: Mapping[str, CatalogEntry]) -> tuple[ParsedIngredient, ...]:
    result: list[ParsedIngredient] = []
    seen: dict[object, int] = {}
    for label, may_contain in split_inci(text):
        for item in _match_label(label, index):
            key = item.entry.inci_name if item.entry else normalise(item.label)
            if key not in seen:
                seen[key] = len(result)
                result.append(replace(item, may_contain=may_contain))
            elif not may_contain:
                result[seen[key]] = replace(result[seen[key]], may_contain=False)
    return tuple(result)


def comedogenic_verdict(parsed: Iterable[ParsedIngredient], threshold: int = 3) -> Verdict:
    """Derived flag: comedogenic when an ingredient is rated ``threshold`` or more (0-5)."""
    parsed = list(parsed)
    rated = [p for p in parsed if p.entry and p.entry.comedogenicity is not None]
    flagged = tuple(p for p in rated if p.entry.comedogenicity >= threshold)
    if flagged:
        names = ", ".join(_describe(p) for p in flagged)
        scale = f"rated {threshold} or more on the 0–5 comedogenicity scale"
        reason = f"Contains {names}. Ingredients {scale} can clog skin (an indicative guide)."
        return Verdict(True, reason, flagged)
    if not parsed:
        return Verdict(False, "No ingredient list to check.", ())
    if rated:
        top = max(rated, key=lambda p: p.entry.comedogenicity)
        reason = f"No ingredient is rated {threshold} or more; the highest is {_describe(top)}."
    else:
        reason = "None of the recognised ingredients has a comedogenicity rating."
    if unknown := sum(1 for p in parsed if p.entry is None):
        reason += f" Not recognised: {unknown} of {len(parsed)}, so this check is incomplete."
    return Verdict(False, reason, ())


def derived_marks(parsed: Iterable[ParsedIngredient]) -> frozenset[str]:
    """The catalog marks of the matched ingredients, plus "exfoliant" and "scrub"."""
    marks = {mark for p in parsed if p.entry for mark in p.entry.marks}
    if marks & {"aha", "bha", "pha"}:
        marks.add("exfoliant")
    if "abrasive" in marks:
        marks.add("scrub")
    return frozenset(marks)


def _describe(item: ParsedIngredient) -> str:
    text = f"{item.entry.inci_name} (rated {item.entry.comedogenicity}"
    return text + (", listed as may contain)" if item.may_contain else ")")
