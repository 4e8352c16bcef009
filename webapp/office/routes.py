from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_user
from sqlalchemy import select, update

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.htmx import hx_redirect, render_form
from webapp.models import NominationImport, Nominee, Role, User, audit
from webapp.models.candidacy import OFFICES
from webapp.office import column_mapping, csv_import, handover, staging
from webapp.office.access import (
    PENDING,
    SHOWN,
    get_import_or_404,
    get_nominee_or_404,
    imports_of,
    nominees_of,
    office_only,
    possible_match,
)
from webapp.office.forms import AcceptInvitationForm, UploadForm
from webapp.passwords import hash_password
from webapp.phones import format_for_display
from webapp.tokens import ExpiredToken, InvalidToken

bp = Blueprint("office", __name__)


@bp.get("/office")
@office_only
def index():
    return _render_index(UploadForm())


def _render_index(form, problems=(), status=200):
    imports = db.session.scalars(imports_of(current_user).where(NominationImport.status == "confirmed")
                                 .order_by(NominationImport.confirmed_at.desc()).limit(50)).all()
    pending = db.session.scalar(select(NominationImport).where(
        NominationImport.office_user_id == current_user.id, NominationImport.status.in_(staging.PENDING)))
    return render_template("office/index.html", form=form, imports=imports, problems=problems,
                           pending=pending), status


@bp.post("/office/imports")
@office_only
def upload():
    form = UploadForm()
    upload_file = form.file.data
    forces = handover.import_forces(current_user.council)
    if not forces:
        form.file.errors = [f"{current_user.council.name} has no police force set, so candidates cannot be handed "
                            "over. Ask your CampaignSafe administrator to set it."]
        return _render_index(form, status=422)
    if not form.validate_on_submit() or not upload_file or not upload_file.filename:
        form.file.errors = list(form.file.errors) or ["Choose the CSV file of nominated candidates."]
        return _render_index(form, status=422)
    limit = current_app.config["NOMINATIONS_MAX_BYTES"]
    content = upload_file.stream.read(limit + 1)
    table = csv_import.read_table(content, limit)
    if not table.ok:
        form.file.errors = ["This file cannot be read, for the reason below. Nothing was saved."]
        return _render_index(form, problems=table.errors, status=422)
    # A council in one force hands over to it; one spanning two asks which force each ward is in on confirm.
    staged = staging.stage_file(current_user, upload_file.filename, content, table,
                                force_id=forces[0].id if len(forces) == 1 else None)
    db.session.commit()
    return hx_redirect(url_for("office.columns", import_id=staged.id))


@bp.get("/office/imports/<int:import_id>/columns")
@office_only
def columns(import_id: int):
    found = get_import_or_404(import_id, current_user, need=PENDING)
    return _render_columns(found, found.mapping, found.default_office)


def _render_columns(found, mapping, default_office, problems=None, status=200):
    columns = [{"index": index, "header": header, "target": target, "samples": samples}
               for index, (header, target, samples)
               in enumerate(zip(found.source_columns, mapping, staging.samples(found), strict=True))]
    return render_template("office/columns.html", found=found, columns=columns, default_office=default_office,
                           targets=column_mapping.TARGETS, offices=OFFICES, problems=problems or {}), status


@bp.post("/office/imports/<int:import_id>/columns")
@office_only
def choose_columns(import_id: int):
    found = get_import_or_404(import_id, current_user, need=PENDING)
    mapping = [request.form.get(f"column-{i}", "") for i in range(len(found.source_columns))]
    mapping = [target if target in column_mapping.TARGETS else "" for target in mapping]
    default_office = request.form.get("default_office", "")
    default_office = default_office if default_office in OFFICES else ""
    problems = column_mapping.mapping_problems(found.source_columns, mapping, default_office)
    if problems:
        return _render_columns(found, mapping, default_office, problems, status=422)
    staging.choose_columns(found, mapping, default_office)
    db.session.commit()
    return hx_redirect(url_for("office.show_import", import_id=found.id))


@bp.get("/office/imports/<int:import_id>")
@office_only
def show_import(import_id: int):
    found = get_import_or_404(import_id, current_user, need=SHOWN)
    if found.status == "mapping":
        return redirect(url_for("office.columns", import_id=found.id))
    preview = _preview(found) if found.status == "staged" else None
    return _render_import(found, preview)


def _render_import(found, preview, ward_errors=None, status=200):
    forces = handover.import_forces(found.office_user.council) if found.force_id is None else []
    wards = sorted({row["ward"] for row in preview if row["consent"]}) if preview and forces else []
    return render_template("office/import.html", found=found, preview=preview, forces=forces, wards=wards,
                           chosen=request.form, ward_errors=ward_errors or {}), status


def _ward_forces(found, preview) -> tuple[dict[str, int], dict[str, str]]:
    """For a council spanning two forces: the force chosen for each consenting nominee's ward."""
    if found.force_id is not None:
        return {}, {}
    allowed = {force.id for force in handover.import_forces(found.office_user.council)}
    chosen, errors = {}, {}
    for index, ward in enumerate(sorted({row["ward"] for row in preview if row["consent"]})):
        value = request.form.get(f"ward-force-{index}", "")
        if value.isdigit() and int(value) in allowed:
            chosen[ward] = int(value)
        else:
            errors[ward] = f"Choose the police force that covers {ward or 'this ward'}."
    return chosen, errors


@bp.get("/office/imports/<int:import_id>/rows-to-fix.csv")
@office_only
def bad_rows(import_id: int):
    found = get_import_or_404(import_id, current_user, need=SHOWN)
    if not found.bad_rows:
        abort(404)
    audit.record("nominations.rows_to_fix_download", actor=current_user,
                 detail=f"import {found.id}: {len(found.bad_rows)} rows")
    db.session.commit()
    response = make_response(staging.bad_rows_csv(found))
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="rows-to-fix-{found.id}.csv"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _preview(staged: NominationImport) -> list[dict]:
    """What confirming would do to each row (new, changed or unchanged), without writing anything."""
    existing = {n.email: n for n in db.session.scalars(select(Nominee).where(Nominee.council_id == staged.council_id))}
    reasons = handover.not_handed_over_reasons(staged.rows, staged.council_id)
    preview = []
    for row in staged.rows:
        nominee = existing.get(row["email"])
        if nominee is None:
            outcome = "new"
        elif any(getattr(nominee, f) != row[f] for f in handover.FIELDS):
            outcome = "changed"
        else:
            outcome = "unchanged"
        preview.append({**row, "outcome": outcome, "not_handed_over": reasons.get(row["email"]) if row["consent"] else None})
    return preview


@bp.post("/office/imports/<int:import_id>/confirm")
@office_only
def confirm_import(import_id: int):
    found = get_import_or_404(import_id, current_user)
    if found.status == "staged" and not found.rows:
        flash("No row of this file can be imported yet: fix the rows listed and upload the file again.", "warning")
        return hx_redirect(url_for("office.show_import", import_id=found.id))
    ward_forces = {}
    if found.status == "staged":
        ward_forces, ward_errors = _ward_forces(found, found.rows)
        if ward_errors:
            return _render_import(found, _preview(found), ward_errors, status=422)
    # Claim the staged import in one statement, so a double submit cannot apply it twice.
    claimed = db.session.execute(update(NominationImport).where(
        NominationImport.id == found.id, NominationImport.status == "staged",
        NominationImport.office_user_id == current_user.id).values(status="applying"))
    if claimed.rowcount != 1:
        db.session.rollback()
        flash("That import was already confirmed or replaced.", "warning")
        return hx_redirect(url_for("office.index"))
    db.session.refresh(found)
    handover.apply_import(found, current_user, ward_forces)
    staging.finish(found)
    db.session.commit()
    to = found.force.name if found.force else " and ".join(f.name for f in handover.import_forces(current_user.council))
    flash(f"Imported {found.total} candidates: {found.created} new, {found.updated} changed, "
          f"{found.unchanged} unchanged. {found.handed_over} handed over to {to}: they are on the adviser's "
          "list now.", "success")
    return hx_redirect(url_for("office.show_import", import_id=found.id))


@bp.post("/office/imports/<int:import_id>/discard")
@office_only
def discard_import(import_id: int):
    found = get_import_or_404(import_id, current_user)
    if found.status in staging.PENDING and found.office_user_id == current_user.id:
        found.status, found.source_rows, found.rows, found.bad_rows = "discarded", None, [], None
        db.session.commit()
        flash("Import cancelled. Nothing was written.", "success")
    return hx_redirect(url_for("office.index"))


@bp.get("/office/candidates")
@office_only
def candidates():
    nominees = db.session.scalars(nominees_of(current_user).order_by(Nominee.name, Nominee.id)).all()
    return render_template("office/candidates.html", nominees=nominees, status_of=handover.sharing_status)


@bp.get("/office/candidates/<int:nominee_id>")
@office_only
def candidate(nominee_id: int):
    nominee = get_nominee_or_404(nominee_id, current_user)
    return render_template("office/candidate.html", nominee=nominee, status=handover.sharing_status(nominee),
                           joined=handover.joined(nominee), matches=handover.possible_matches(nominee))


@bp.post("/office/candidates/<int:nominee_id>/matches/<int:candidacy_id>")
@office_only
def confirm_match(nominee_id: int, candidacy_id: int):
    nominee = get_nominee_or_404(nominee_id, current_user)
    match = possible_match(nominee, candidacy_id)
    if match is None:
        flash("That account is no longer a possible match for this candidate.", "warning")
        return hx_redirect(url_for("office.candidate", nominee_id=nominee.id))
    handover.confirm_match(nominee, match, current_user)
    db.session.commit()
    flash(f"Confirmed: {nominee.name}'s existing CampaignSafe account is now their nominated record.", "success")
    return hx_redirect(url_for("office.candidate", nominee_id=nominee.id))


@bp.post("/office/candidates/<int:nominee_id>/resend")
@office_only
def resend_invitation(nominee_id: int):
    nominee = get_nominee_or_404(nominee_id, current_user)
    if not nominee.is_handed_over or handover.joined(nominee):
        flash("Only candidates who consented and have not yet created an account can be sent an invitation.",
              "warning")
        return hx_redirect(url_for("office.candidate", nominee_id=nominee.id))
    handover.send_invitation(nominee)
    db.session.commit()
    flash(f"Invitation sent again to {nominee.email}.", "success")
    return hx_redirect(url_for("office.candidate", nominee_id=nominee.id))


@bp.route("/join/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    try:
        nominee = handover.nominee_from_token(token)
    except ExpiredToken:
        return render_template("office/invitation_invalid.html",
                               reason="This invitation has expired. Ask your election office to send it again."), 410
    except InvalidToken:
        nominee = None
    if nominee is None or handover.joined(nominee):
        return render_template("office/invitation_invalid.html",
                               reason="This invitation is not valid, or it has already been used. "
                                      "If you have an account, sign in."), 404
    if nominee.user is None:
        existing = db.session.scalar(select(User).where(User.email == nominee.email))
        if existing is not None:
            return _link_existing(nominee, existing, token)
    form = AcceptInvitationForm()
    if not form.is_submitted():
        form.name.data, form.mobile.data = nominee.name, format_for_display(nominee.mobile)
    if form.validate_on_submit():
        # The account made at hand-over (the FEOA already sees it) continues; it is not replaced.
        user = nominee.user or User(email=nominee.email, role=Role.CANDIDATE.value)
        user.name, user.mobile = form.name.data, form.mobile.data
        user.password_hash, user.password_changed_at = hash_password(form.password.data), utcnow()
        db.session.add(user)
        db.session.flush()
        handover.accept(nominee, user)
        db.session.commit()
        login_user(user)
        flash("Welcome to CampaignSafe. Your details from the nomination are filled in, and you agreed to your "
              "force's adviser (FEOA) contacting you: you can change that on your profile.", "success")
        return hx_redirect(url_for("core.home"))
    return render_form("office/accept.html", form=form, nominee=nominee, token=token)


def _link_existing(nominee: Nominee, user: User, token: str):
    """An account with this email exists: link it once its owner is signed in."""
    signed_in_as_them = current_user.is_authenticated and current_user.id == user.id
    if signed_in_as_them and user.has_role(Role.CANDIDATE) and _is_post():
        handover.accept(nominee, user)
        db.session.commit()
        flash("Your nomination details are now on your account.", "success")
        return hx_redirect(url_for("core.home"))
    return render_template("office/accept_existing.html", nominee=nominee, token=token,
                           signed_in_as_them=signed_in_as_them, is_candidate=user.has_role(Role.CANDIDATE))


def _is_post() -> bool:
    return request.method == "POST"
