"""The FEOA's candidate list as CSV, safe to open in a spreadsheet (no formula injection)."""

import csv
import io

from webapp.extensions import db
from webapp.feoa.candidates import CandidateRow, candidate_query
from webapp.models import User

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "|", "%")
HEADER = ["Name", "Office", "Council", "Ward", "Party", "Contacted", "Briefed", "Last contact", "Civility Pledge"]


def safe_cell(value) -> str:
    """Text a spreadsheet shows as text: a leading formula character is escaped with a quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def candidate_csv(feoa: User, *, search="", status="", office="") -> tuple[str, int]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    count = 0
    for row in db.session.execute(candidate_query(feoa, search, status, office)):
        row = CandidateRow(*row)
        writer.writerow([safe_cell(v) for v in (
            row.name, row.office_label, row.council, row.ward, row.party,
            "yes" if row.contacted else "no", "yes" if row.briefed else "no",
            row.last_contact.isoformat() if row.last_contact else "", "signed" if row.pledged else "",
        )])
        count += 1
    return buffer.getvalue(), count
