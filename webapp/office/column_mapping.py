"""Which column of an export holds which detail, and each row checked against that choice.

Recognised headers are mapped on their own (Surname + Forenames → name, Electoral Area → ward, Description →
party…); the office can change any choice. Rows are checked one by one: a bad row is set aside with its
problems and never blocks the good ones.
"""

import re
from dataclasses import dataclass, field

from webapp.models.candidacy import OFFICES
from webapp.phones import InvalidMobile, normalise_uk_mobile
from webapp.validators import normalise_email

TARGETS = {
    "": "Ignore this column",
    "name": "Full name",
    "forenames": "Forenames (put before the surname)",
    "surname": "Surname",
    "email": "Email address",
    "mobile": "Mobile number",
    "office": "Office",
    "ward": "Ward or division",
    "party": "Party or description",
    "consent": "Consent to share with the police adviser",
}
# Headers each detail goes by, best first (a file with Mobile and Telephone maps Mobile).
ALIASES = {
    "name": ["name", "full name", "candidate name", "name of candidate", "candidate", "candidate full name"],
    "forenames": ["forenames", "forename", "first name", "first names", "given name", "given names", "other names"],
    "surname": ["surname", "last name", "family name"],
    "email": ["email", "email address", "e-mail", "e-mail address", "candidate email", "contact email"],
    "mobile": ["mobile", "mobile number", "mobile phone", "mobile telephone", "phone", "telephone",
               "telephone number", "phone number", "tel", "tel no", "contact number"],
    "office": ["office", "post", "office/post", "office sought", "position", "role", "election", "seat"],
    "ward": ["ward", "ward/division", "ward or division", "electoral area", "division", "electoral division",
             "ward name", "division name", "area", "constituency"],
    "party": ["party", "description", "party description", "political party", "party/description",
              "description (if any)", "party name"],
    "consent": ["consent", "consent to share contact details", "feoa consent", "consent to share"],
}
RANKS = {alias: (target, rank) for target, names in ALIASES.items() for rank, alias in enumerate(names)}
PARISH_WORDS = {"parish", "town", "community", "neighbourhood", "village"}
YES = {"yes", "y", "true", "1", "agreed", "consented", "consent given"}
NO = {"no", "n", "false", "0", "", "declined", "not given"}
MAX_LENGTHS = {"name": 100, "ward": 120, "party": 120}


def normalise_header(text: str) -> str:
    name = " ".join(text.strip().lower().replace("_", " ").split()).strip(" *:.")
    return re.sub(r"\s*/\s*", "/", name)


def guess_field(header: str) -> str | None:
    name = normalise_header(header)
    if name in RANKS:
        return RANKS[name][0]
    for word, target in (("consent", "consent"), ("e-mail", "email"), ("email", "email"), ("mobile", "mobile")):
        if word in name:
            return target
    return None


def guess_mapping(columns: list[str]) -> list[str]:
    """The detail each column holds ("" = ignored); each detail from one column, the best-named one."""
    ranked = []
    for index, header in enumerate(columns):
        target = guess_field(header)
        if target:
            ranked.append((RANKS.get(normalise_header(header), (target, 99))[1], index, target))
    mapping = [""] * len(columns)
    taken = set()
    for _rank, index, target in sorted(ranked):
        if target not in taken:
            mapping[index] = target
            taken.add(target)
    return mapping


def mapping_problems(columns: list[str], mapping: list[str], default_office: str = "") -> dict[str, str]:
    """Problems keyed by where they are shown: "column-<n>" beside that select, or "mapping" above them."""
    problems = {}
    seen: dict[str, int] = {}
    for index, target in enumerate(mapping):
        if not target:
            continue
        if target in seen:
            first = columns[seen[target]] or f"column {seen[target] + 1}"
            problems[f"column-{index}"] = (f"{TARGETS[target]} is already chosen for “{first}”: "
                                           "choose it for one column only.")
        else:
            seen[target] = index
    missing = []
    if "name" not in seen and "surname" not in seen:
        missing.append("the candidate's name (Full name, or Surname)")
    if "email" not in seen:
        missing.append("the email address (the invitation goes there)")
    if "office" not in seen and default_office not in OFFICES:
        missing.append("the office (or choose one office for every row below)")
    if "consent" not in seen:
        missing.append("the consent to share with the police adviser")
    if missing:
        problems["mapping"] = "Choose the column with " + "; ".join(missing) + "."
    return problems


def office_of(text: str) -> tuple[str | None, bool]:
    """The office a title stands for, and whether it is a parish or town council seat."""
    name = " ".join(re.sub(r"[^a-z ]", " ", text.lower()).split())
    if name == "pcc" or "crime commissioner" in name:
        return "pcc", False
    if "mayor" in name.split():
        return "mayor", False
    words = set(name.split())
    if words & {"councillor", "councilor", "council"} or name in {"member", "councillors"}:
        return "councillor", bool(words & PARISH_WORDS)
    return None, False


@dataclass
class Mapped:
    """Rows ready to import and rows set aside with their problems."""

    rows: list[dict] = field(default_factory=list)
    bad: list[dict] = field(default_factory=list)  # {"line", "cells" (or None), "problems"}
    errors: list[str] = field(default_factory=list)  # whole-file problems

    @property
    def ok(self) -> bool:
        return not self.errors and not self.bad and bool(self.rows)

    @property
    def row_errors(self) -> list[tuple[int, str]]:
        return [(row["line"], problem) for row in self.bad for problem in row["problems"]]


def apply_mapping(columns: list[str], rows: list, mapping: list[str], default_office: str = "",
                  values_in_header: int | None = None) -> Mapped:
    """Check each (line, cells, number of values) row; `values_in_header` counts left-out columns too."""
    values_in_header = values_in_header or len(columns)
    result = Mapped()
    seen_emails: dict[str, int] = {}
    for line, cells, values in rows:
        if cells is None:
            result.bad.append({"line": line, "cells": None, "problems": [
                f"this line has {values} values but the header has {values_in_header} columns, so none of it "
                "was kept. Check for a missing or extra separator."]})
            continue
        raw = {target: "" for target in TARGETS if target}
        for target, value in zip(mapping, cells, strict=True):
            if target:
                raw[target] = value
        row, problems = check_row(raw, default_office)
        if row and row["email"] in seen_emails:
            problems.append(f"{row['email']} is already on line {seen_emails[row['email']]}.")
        if problems:
            result.bad.append({"line": line, "cells": cells, "problems": problems})
        else:
            seen_emails[row["email"]] = line
            result.rows.append({**row, "line": line})
    return result


def check_row(raw: dict, default_office: str = "") -> tuple[dict | None, list[str]]:
    problems = []
    name = raw["name"] or " ".join(part for part in (raw["forenames"], raw["surname"]) if part)
    row = {"name": name, "ward": raw["ward"], "party": raw["party"]}
    if not name:
        problems.append("the name is missing.")
    for column, limit in MAX_LENGTHS.items():
        if len(row[column]) > limit:
            problems.append(f"the {column} is longer than {limit} characters.")
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
    office, parish = office_of(raw["office"]) if raw["office"] else (default_office or None, False)
    if office not in OFFICES:
        problems.append(f"office “{raw['office'][:40]}” is not one we know: use Councillor (or Borough, County, "
                        "District, City, Parish, Town… Councillor), Mayor or Police and Crime Commissioner.")
    row["office"], row["parish"] = office, parish
    if office == "councillor" and not raw["ward"]:
        problems.append("the ward or division is missing (needed for a councillor).")
    consent = raw["consent"].strip().lower()
    if consent in YES:
        row["consent"] = True
    elif consent in NO:
        row["consent"] = False
    else:
        problems.append(f"consent “{raw['consent'][:20]}” must be yes or no.")
    return (row if "email" in row else None), problems
