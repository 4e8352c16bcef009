"""An upload waiting server-side while the office chooses its columns and checks its rows.

Upload → "mapping" (the file as read, home-address columns already left out) → "staged" (good rows ready,
bad rows set aside with their problems) → confirmed by `handover.apply_import`. One pending import per office
user: a new upload replaces it. Functions change state; the caller commits.
"""

import csv
import hashlib
import io
from pathlib import Path

from sqlalchemy import update

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.feoa.export import safe_cell
from webapp.models import NominationImport, User
from webapp.office.column_mapping import Mapped, apply_mapping, guess_mapping
from webapp.office.csv_import import Table

PENDING = ("mapping", "staged")


def stage_file(office_user: User, filename: str, content: bytes, table: Table, *,
               force_id: int | None) -> NominationImport:
    db.session.execute(update(NominationImport).where(
        NominationImport.office_user_id == office_user.id, NominationImport.status.in_(PENDING))
        .values(status="discarded", source_rows=None, rows=[], bad_rows=None))
    staged = NominationImport(
        office_user=office_user, council=office_user.council.name, council_id=office_user.council_id,
        force_id=force_id,
        filename=Path(filename).name[:200], sha256=hashlib.sha256(content).hexdigest(), status="mapping",
        source_columns=table.columns, source_rows=[list(row) for row in table.rows],
        dropped_columns=table.dropped, mapping=guess_mapping(table.columns), rows=[], total=len(table.rows),
        staged_at=utcnow())
    db.session.add(staged)
    return staged


def choose_columns(staged: NominationImport, mapping: list[str], default_office: str) -> Mapped:
    """Check every row against the office's choice of columns; the good ones wait for confirmation."""
    width = len(staged.source_columns) + len(staged.dropped_columns or [])
    mapped = apply_mapping(staged.source_columns, staged.source_rows, mapping, default_office, width)
    staged.mapping, staged.default_office = mapping, default_office
    staged.rows, staged.bad_rows = mapped.rows, mapped.bad
    staged.status = "staged"
    return mapped


def finish(staged: NominationImport) -> None:
    """Once confirmed, the file as read is no longer needed; the rows set aside stay for their download."""
    staged.source_rows = None


def samples(staged: NominationImport, per_column: int = 2) -> list[list[str]]:
    """A few values of each column, so the office can tell what it holds."""
    found: list[list[str]] = [[] for _ in staged.source_columns]
    for _line, cells, _values in staged.source_rows or []:
        for index, value in enumerate(cells or []):
            if value and len(found[index]) < per_column and value[:40] not in found[index]:
                found[index].append(value[:40])
        if all(len(values) >= per_column for values in found):
            break
    return found


def bad_rows_csv(staged: NominationImport) -> str:
    """The rows set aside, in the file's own columns plus what is wrong, ready to fix and upload again."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    columns = staged.source_columns or []
    writer.writerow(["Line", *columns, "Problems"])
    for row in staged.bad_rows or []:
        cells = row["cells"] or [""] * len(columns)
        writer.writerow([safe_cell(v) for v in (row["line"], *cells, "; ".join(row["problems"]))])
    return buffer.getvalue()
