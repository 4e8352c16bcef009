"""The share card (an SVG the app draws) and a suggested post. All user text is escaped for XML."""

from textwrap import wrap

from flask import render_template

from webapp.models import PledgeSignature
from webapp.pledge.text import HASHTAG


def office_line(signature: PledgeSignature) -> str:
    candidacy = signature.user.candidacy
    if candidacy is None or not candidacy.office:
        return "Campaign team member"
    parts = [f"Candidate for {candidacy.office_label.lower()}"]
    if candidacy.ward:
        parts.append(candidacy.ward)
    if candidacy.council:
        parts.append(candidacy.council)
    return ", ".join(parts)


def card_svg(signature: PledgeSignature) -> str:
    # Rendered through a .svg template: Jinja autoescapes it, so "<", "&" and quotes in names are safe.
    return render_template("pledge/card.svg", name_lines=wrap(signature.full_name, 28)[:3],
                           office_lines=wrap(office_line(signature), 40)[:3], hashtag=HASHTAG,
                           signed_at=signature.signed_at)


def card_png(signature: PledgeSignature) -> bytes:
    """The same card as a 1200×630 PNG, the size link previews use (most social networks refuse SVG)."""
    import cairosvg  # imported here: only the PNG route needs cairo

    return cairosvg.svg2png(bytestring=card_svg(signature).encode("utf-8"), output_width=1200, output_height=630)


def suggested_post(signature: PledgeSignature) -> str:
    return ("I have signed the Civility Pledge from the Jo Cox Foundation and Compassion in Politics: "
            "I will keep debate civil, act with integrity and compassion, and treat everyone with respect, "
            f"including those I disagree with. @JoCoxFoundation {HASHTAG} #MoreInCommon")
