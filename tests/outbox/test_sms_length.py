"""Counting SMS characters and segments the way the network does."""

import pytest

from webapp.notify.sms import sms_length


@pytest.mark.parametrize(("text", "encoding", "characters", "segments"), [
    ("a" * 160, "GSM-7", 160, 1),
    ("a" * 161, "GSM-7", 161, 2),
    ("a" * 306, "GSM-7", 306, 2),
    ("a" * 307, "GSM-7", 307, 3),
    ("Cost: €5", "GSM-7", 9, 1),  # the euro sign takes two places
    ("[" * 80, "GSM-7", 160, 1),
    ("[" * 81, "GSM-7", 162, 2),
    ("£ and é are fine", "GSM-7", 16, 1),
    ("ç" * 70, "UCS-2", 70, 1),  # ç (lower case) is not in GSM-7, unlike Ç
    ("ç" * 71, "UCS-2", 71, 2),
    ("ç" * 134, "UCS-2", 134, 2),
    ("ç" * 135, "UCS-2", 135, 3),
    ("Stay safe 😀", "UCS-2", 12, 1),  # an emoji is two UTF-16 units
])
def test_characters_and_segments(text, encoding, characters, segments):
    assert sms_length(text) == {"encoding": encoding, "characters": characters, "segments": segments,
                                "per_segment": {"GSM-7": 160 if segments == 1 else 153,
                                                "UCS-2": 70 if segments == 1 else 67}[encoding]}
