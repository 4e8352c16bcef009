"""Do-not-knock and hazard notes, always scoped to the teams the signed-in person is in.

These notes describe residents. They are for the team on the doorstep only: never put them in
calendar feeds, FEOA (police adviser) pages, digests or exports, or public pages.
"""

import re

from sqlalchemy import select

from webapp.extensions import db
from webapp.models import DoNotKnockNote


def notes_for_team(team_id: int) -> list[DoNotKnockNote]:
    return list(db.session.scalars(select(DoNotKnockNote).where(DoNotKnockNote.team_id == team_id)
                                   .order_by(DoNotKnockNote.street, DoNotKnockNote.id)))


# Street-type words and their usual abbreviations: "Rd", "Rd." and "Road" are the same street.
ABBREVIATIONS = {
    "rd": "road", "st": "street", "str": "street", "ave": "avenue", "av": "avenue", "cres": "crescent",
    "cresc": "crescent", "cl": "close", "dr": "drive", "ln": "lane", "pl": "place", "sq": "square",
    "ter": "terrace", "terr": "terrace", "tce": "terrace", "gdns": "gardens", "gr": "grove", "gro": "grove",
    "ct": "court", "pde": "parade", "wy": "way", "mws": "mews", "hl": "hill", "pk": "park", "grn": "green",
}
STREET_WORDS = frozenset({
    "road", "street", "avenue", "crescent", "close", "drive", "lane", "place", "square", "terrace", "gardens",
    "grove", "court", "parade", "way", "walk", "hill", "row", "mews", "rise", "green", "park", "vale", "wharf",
    "quay", "parkway", "boulevard", "broadway", "circus", "embankment", "esplanade", "mead", "yard", "passage",
    "approach", "gate", "path", "view", "steps",
})
# Words that come before the street in a note: "Dog at 12 Royal York Crescent", "Flat 2, 7 Elm Road".
LEAD_INS = frozenset({"at", "on", "in", "near", "outside", "opposite", "by", "flat", "no", "number", "house"})
SEPARATORS = re.compile(r"\s[-–—]\s|[–—:;,()/]")


def words(text: str) -> list[str]:
    """Lower-case words with punctuation dropped and abbreviations spelt out: 'St. Paul's Rd' ->
    ['street', 'pauls', 'road'] (applied to both sides, so 'St' for Saint still matches itself)."""
    text = (text or "").casefold().replace("&", " and ").replace("'", "").replace("’", "")
    return [ABBREVIATIONS.get(word, word) for word in re.findall(r"[^\W_]+", text)]


def street_words(note: str) -> list[str]:
    """The street a note is about, whatever house number or remark is typed around it:
    '12 Royal York Crescent – Dog' -> ['royal', 'york', 'crescent']. Empty if none can be found."""
    segments = [seg for seg in SEPARATORS.split(note or "") if seg.strip()]
    for index, segment in enumerate(segments):
        tokens = words(segment)
        last_street_word = max((i for i, word in enumerate(tokens) if word in STREET_WORDS), default=None)
        if last_street_word is None and not (index == 0 and len(segments) == 1):
            continue  # "Clifton" after the street, or "Dog": a place or a remark, not the street
        tokens = tokens[:last_street_word + 1] if last_street_word is not None else tokens
        # Drop what leads in to the street: house numbers ("12", "12a", "10-14"), "Flat 2", "Dog at".
        start = max((i + 1 for i, word in enumerate(tokens[:-1]) if any(c.isdigit() for c in word) or word in LEAD_INS),
                    default=0)
        if tokens[start:]:
            return tokens[start:]
    return []


def mentions(text: str, street: str) -> bool:
    """Does an activity's area or meeting point (`text`) mention the street of this note?"""
    wanted = street_words(street)
    if not wanted:
        return False
    have = words(text)
    return any(have[i:i + len(wanted)] == wanted for i in range(len(have) - len(wanted) + 1))
