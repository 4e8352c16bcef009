"""Reading an election office's export of nominated candidates into a table, before any column is mapped.

Real exports come from election management systems and spreadsheets: comma, semicolon or tab separated;
a title row (or a few) above the header; UTF-8 with or without a BOM, or Windows-1252 (sometimes behind a
UTF-8 BOM); columns we do not need. Home-address columns are dropped here, as the file is read, so their
values never reach the database, a page or a log: nothing after this module can see them.

`parse()` reads and maps in one go with the recognised headers (the command line, tests and benchmarks).
"""

import csv
import io
import re
from dataclasses import dataclass, field

from webapp.office import column_mapping

BOM = b"\xef\xbb\xbf"
DELIMITERS = (",", ";", "\t")
SAMPLE_LINES = 12  # the header must be within the first lines (title rows above it)
MAX_ROWS = 5000
ADDRESS_HEADER = re.compile(r"\b(address|addr\b|postcode|post code|postal code|zip\b|street|home town)")
EMAIL_HEADER = re.compile(r"e-?mail")


@dataclass
class Table:
    """A file's header and data rows, home-address columns already removed."""

    columns: list[str] = field(default_factory=list)  # kept headers, as written in the file
    # (line, cells, how many values): cells is None for a row whose shape differs from the header's
    rows: list[tuple[int, list[str] | None, int]] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # headers of the home-address columns left out
    errors: list[str] = field(default_factory=list)  # whole-file problems

    @property
    def ok(self) -> bool:
        return not self.errors


def is_home_address(header: str) -> bool:
    """A column that may hold where someone lives. 'Email address' is an email, not an address."""
    name = column_mapping.normalise_header(header)
    return not EMAIL_HEADER.search(name) and bool(ADDRESS_HEADER.search(name))


def decode(content: bytes) -> str:
    """UTF-8 or Windows-1252, with or without a BOM in front; ValueError if it is neither."""
    body = content[len(BOM):] if content.startswith(BOM) else content
    for encoding in ("utf-8", "cp1252"):
        try:
            return body.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError("The file is not text we can read. Save it as CSV (UTF-8) from your spreadsheet.")


def _sample_rows(text: str, delimiter: str) -> list[list[str]]:
    lines = text[:65_536].splitlines()[:SAMPLE_LINES]
    try:
        return list(csv.reader(lines, delimiter=delimiter))
    except csv.Error:
        return []


def _header_score(cells: list[str]) -> int:
    return sum(1 for c in cells if column_mapping.guess_field(c) or is_home_address(c))


def find_header(text: str) -> tuple[str, int]:
    """The delimiter and the header's index among the first lines: the row naming the most known columns.

    With no known column anywhere, the first row with the most cells (a title row has one).
    """
    best = (0, 0, ",", 0)  # (score, cells, delimiter, index)
    for delimiter in DELIMITERS:
        for index, cells in enumerate(_sample_rows(text, delimiter)):
            filled = sum(1 for c in cells if c.strip())
            candidate = (_header_score(cells), filled, delimiter, index)
            if candidate[:2] > best[:2]:
                best = candidate
    return best[2], best[3]


def read_table(content: bytes, max_bytes: int) -> Table:
    table = Table()
    if len(content) > max_bytes:
        table.errors.append(f"The file is larger than {max_bytes // (1024 * 1024)} MB. A council's nominations "
                            "fit in far less: check it is the right file.")
        return table
    if not content.strip() or content.strip() == BOM:
        table.errors.append("The file is empty. Choose the CSV with the nominated candidates.")
        return table
    if b"\x00" in content[:4096]:
        table.errors.append("This is not a CSV file (it looks like a spreadsheet or other binary file). "
                            "Save it as CSV (UTF-8) and upload that.")
        return table
    try:
        text = decode(content)
    except ValueError as error:
        table.errors.append(str(error))
        return table
    delimiter, header_index = find_header(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        _read_rows(reader, header_index, table)
    except csv.Error as error:  # e.g. a quote left open, or a value over the csv module's 131,072 characters
        table.errors.append(f"Line {reader.line_num}: the file cannot be read as CSV ({_csv_reason(error)}). "
                            "Check the line in a text editor, or save the file again as CSV.")
    if not table.errors and not table.rows:
        table.errors.append("The file has a header row but no candidates.")
    return table


def _csv_reason(error: csv.Error) -> str:
    return "a value is far too long" if "field larger" in str(error) else str(error)


def _read_rows(reader, header_index: int, table: Table) -> None:
    header: list[str] = []
    for _ in range(header_index + 1):
        header = next(reader, [])
    keep = [i for i, name in enumerate(header) if not is_home_address(name)]
    table.dropped = [header[i].strip() for i in range(len(header)) if i not in keep]
    table.columns = [header[i].strip() for i in keep]
    width = len(header)
    previous_end = reader.line_num
    for values in reader:
        # A row is known by its first line (a quoted value may span several).
        line, previous_end = previous_end + 1, reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(table.rows) >= MAX_ROWS:
            table.errors.append(f"The file has more than {MAX_ROWS} candidates. Split it into smaller files.")
            return
        while len(values) > width and not values[-1].strip():
            values = values[:-1]  # a trailing separator is harmless
        # A row of another shape could have a home address moved into a kept column: keep none of its cells.
        cells = [values[i].strip() for i in keep] if len(values) == width else None
        table.rows.append((line, cells, len(values)))
    if not table.columns:
        table.errors.append("The first row must name the columns (name, email, office, ward, party, consent…).")


def parse(content: bytes, max_bytes: int) -> column_mapping.Mapped:
    """Read a file and map its recognised columns (no choices by the office)."""
    table = read_table(content, max_bytes)
    if not table.ok:
        return column_mapping.Mapped(errors=table.errors)
    mapping = column_mapping.guess_mapping(table.columns)
    problems = column_mapping.mapping_problems(table.columns, mapping)
    if problems:
        return column_mapping.Mapped(errors=list(problems.values()))
    return column_mapping.apply_mapping(table.columns, table.rows, mapping,
                                        values_in_header=len(table.columns) + len(table.dropped))
