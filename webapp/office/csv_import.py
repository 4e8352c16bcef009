"""Reading an election office's CSV of nominated candidates: every problem found, nothing written.

Columns (header row, any order, case and spacing ignored):
name, email, mobile, office, ward, party, consent. UTF-8 (with or without BOM) or Windows-1252.
"""

import csv
import io
from dataclasses import dataclass, field

from webapp.models.candidacy import OFFICES
from webapp.phones import InvalidMobile, normalise_uk_mobile
from webapp.validators import normalise_email

COLUMNS = ["name", "email", "mobile", "office", "ward", "party", "consent"]
ALIASES = {"full name": "name", "email address": "email", "mobile number": "mobile", "phone": "mobile",
           "ward/division": "ward", "ward or division": "ward", "division": "ward",
           "consent to share contact details": "consent", "feoa consent": "consent"}
OFFICE_WORDS = {**{k: k for k in OFFICES}, **{v.lower(): k for k, v in OFFICES.items()},
                "police and crime commissioner (pcc)": "pcc", "councilor": "councillor", "council": "councillor"}
YES = {"yes", "y", "true", "1", "agreed", "consented"}
NO = {"no", "n", "false", "0", ""}
MAX_LENGTHS = {"name": 100, "ward": 120, "party": 120}
MAX_ROWS = 5000


@dataclass
class ParseResult:
    rows: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # whole-file problems
    row_errors: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.row_errors and bool(self.rows)


def decode(content: bytes) -> str:
    """UTF-8 (a BOM is dropped), else Windows-1252; ValueError if it is neither."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252")
    except UnicodeDecodeError as error:
        raise ValueError("The file is not text we can read. Save it as CSV (UTF-8) from your spreadsheet.") from error


def _header_name(text: str) -> str:
    name = " ".join(text.strip().lower().replace("_", " ").split())
    return ALIASES.get(name, name)


def parse(content: bytes, max_bytes: int) -> ParseResult:
    result = ParseResult()
    if len(content) > max_bytes:
        result.errors.append(f"The file is larger than {max_bytes // (1024 * 1024)} MB. A council's nominations "
                             "fit in far less: check it is the right file.")
        return result
    if not content.strip():
        result.errors.append("The file is empty. Choose the CSV with the nominated candidates.")
        return result
    if b"\x00" in content[:4096]:
        result.errors.append("This is not a CSV file (it looks like a spreadsheet or other binary file). "
                             "Save it as CSV (UTF-8) and upload that.")
        return result
    try:
        text = decode(content)
    except ValueError as error:
        result.errors.append(str(error))
        return result
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except csv.Error as error:
        result.errors.append(f"Line 1: the header row cannot be read ({error}).")
        return result
    names = [_header_name(h) for h in header]
    missing = [c for c in COLUMNS if c not in names]
    unknown = [h.strip() for h, n in zip(header, names, strict=True) if n not in COLUMNS and h.strip()]
    doubled = sorted({n for n in names if n in COLUMNS and names.count(n) > 1})
    if missing or unknown or doubled:
        if missing:
            result.errors.append("Missing column" + ("s" if len(missing) > 1 else "") + ": " + ", ".join(missing) + ".")
        if unknown:
            result.errors.append("Unexpected column" + ("s" if len(unknown) > 1 else "") + ": " + ", ".join(unknown)
                                 + ". Remove it: CampaignSafe takes only the columns listed (never home addresses).")
        if doubled:
            result.errors.append("Column given twice: " + ", ".join(doubled) + ".")
        result.errors.append("The first row must name the columns: " + ", ".join(COLUMNS) + ".")
        return result
    seen_emails: dict[str, int] = {}
    try:
        for values in reader:
            line = reader.line_num
            if not any(v.strip() for v in values):
                continue
            if len(result.rows) + len(result.row_errors) >= MAX_ROWS:
                result.errors.append(f"The file has more than {MAX_ROWS} candidates. Split it into smaller files.")
                break
            if len(values) != len(header):
                result.row_errors.append((line, f"has {len(values)} values but the header has {len(header)} columns."))
                continue
            raw = {name: value.strip() for name, value in zip(names, values, strict=True) if name in COLUMNS}
            row, problems = _check_row(raw)
            if row and row["email"] in seen_emails:
                problems.append(f"{row['email']} is already on line {seen_emails[row['email']]}.")
            if problems:
                result.row_errors.extend((line, problem) for problem in problems)
            else:
                seen_emails[row["email"]] = line
                result.rows.append({**row, "line": line})
    except csv.Error as error:
        result.errors.append(f"Line {reader.line_num}: the file cannot be read as CSV ({error}).")
    if not result.rows and not result.row_errors and not result.errors:
        result.errors.append("The file has a header row but no candidates.")
    return result


def _check_row(raw: dict) -> tuple[dict | None, list[str]]:
    problems = []
    row = {}
    if not raw["name"]:
        problems.append("the name is missing.")
    for column, limit in MAX_LENGTHS.items():
        if len(raw[column]) > limit:
            problems.append(f"the {column} is longer than {limit} characters.")
    row["name"], row["ward"], row["party"] = raw["name"], raw["ward"], raw["party"]
    if not raw["email"]:
        problems.append("the email address is missing (it is needed for the invitation).")
    elif len(raw["email"]) > 254:
        problems.append("the email address is longer than 254 characters.")
    else:
        try:
            row["email"] = normalise_email(raw["email"])
        except ValueError:
            problems.append(f"“{raw['email'][:60]}” is not a valid email address.")
    row["mobile"] = None
    if raw["mobile"]:
        try:
            row["mobile"] = normalise_uk_mobile(raw["mobile"][:30])
        except InvalidMobile as error:
            problems.append(f"mobile “{raw['mobile'][:30]}”: {error}")
    office = OFFICE_WORDS.get(raw["office"].lower())
    if office is None:
        problems.append(f"office “{raw['office'][:40]}” is not one of: councillor, mayor, pcc.")
    row["office"] = office
    if office == "councillor" and not raw["ward"]:
        problems.append("the ward or division is missing (needed for a councillor).")
    consent = raw["consent"].lower()
    if consent in YES:
        row["consent"] = True
    elif consent in NO:
        row["consent"] = False
    else:
        problems.append(f"consent “{raw['consent'][:20]}” must be yes or no.")
    return (row if "email" in row else None), problems
