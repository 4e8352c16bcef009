from flask import Blueprint, Response, abort, flash, render_template, request, url_for
from flask_login import current_user, login_required

from webapp.access import role_required
from webapp.clock import utcnow
from webapp.extensions import db
from webapp.htmx import hx_redirect, render_form, wants_partial
from webapp.incidents import evidence as evidence_store
from webapp.incidents import service, sharing
from webapp.incidents.access import (
    EDIT,
    SHARE,
    campaigns_of,
    can_edit,
    can_share,
    get_evidence_or_404,
    get_incident_or_404,
    visible_incidents,
)
from webapp.incidents.forms import EvidenceForm, IncidentForm, IncidentUpdateForm
from webapp.incidents.guidance import where_to_report
from webapp.incidents.pdf import incident_pdf
from webapp.models import Incident, Role
from webapp.models.incidents import INCIDENT_CATEGORIES
from webapp.timeutil import format_london, to_london

bp = Blueprint("incidents", __name__, url_prefix="/incidents")


# Candidates and team members keep incident logs; for anyone else these pages do not exist.
incident_keepers = role_required(Role.CANDIDATE, Role.TEAM_MEMBER)


def _known_people() -> list[str]:
    rows = db.session.scalars(visible_incidents(current_user).with_only_columns(Incident.person)
                              .where(Incident.person != "").distinct().limit(200))
    return sorted(set(rows), key=str.lower)


def _uploads() -> list:
    return [f for f in request.files.getlist("evidence") + request.files.getlist("files") if f and f.filename]


@bp.get("")
@incident_keepers
def index():
    incidents = db.session.scalars(visible_incidents(current_user)
                                   .order_by(Incident.occurred_at.desc(), Incident.id.desc())).all()
    return render_template("incidents/index.html", incidents=incidents)


@bp.route("/new", methods=["GET", "POST"])
@incident_keepers
def create():
    form = IncidentForm()
    campaigns = _offer_campaigns(form)
    if request.method == "GET":
        form.occurred_at.data = format_london(utcnow(), "%Y-%m-%dT%H:%M")
        if len(campaigns) == 1 and "campaign" in form:
            form.campaign.data = str(campaigns[0].id)
    if form.validate_on_submit():
        try:
            incident = service.log_incident(
                _user(), form.details(), uploads=_uploads(),
                campaign=service.campaign_for(_user(), campaigns, form.campaign_choice()))
        except service.UploadsRefused as refused:
            db.session.rollback()
            form.evidence.errors = refused.reasons
        else:
            db.session.commit()
            flash("Saved in your incident log. Saving it here does not report it to the police: "
                  "see where to report it below.", "success")
            return hx_redirect(url_for("incidents.show", incident_id=incident.id))
    return _render_form(form, None)


def _offer_campaigns(form: IncidentForm) -> list:
    campaigns = campaigns_of(current_user)
    form.offer_campaigns(campaigns if current_user.has_role(Role.TEAM_MEMBER) else [])
    return campaigns


def _user():
    return current_user._get_current_object()


def _render_form(form: IncidentForm, incident: Incident | None):
    if form.errors and _uploads():
        form.evidence.errors = list(form.evidence.errors) or ["Files are not kept when something needs fixing: "
                                                              "choose them again."]
    return render_form("incidents/form.html", "incidents/partials/_incident_form.html", "incident-form",
                       form=form, incident=incident, known_people=_known_people(),
                       accept=evidence_store.ACCEPT_ATTRIBUTE,
                       steps=where_to_report(form.category.data, bool(form.urgent.data)))


@bp.get("/where-to-report")
@incident_keepers
def guidance():
    category = request.args.get("category", "")[:40]
    urgent = request.args.get("urgent", "") in {"y", "on", "true", "1"}
    steps = where_to_report(category if category in INCIDENT_CATEGORIES else None, urgent)
    template = "incidents/partials/_where_to_report.html" if wants_partial("where-to-report") \
        else "incidents/where_to_report.html"
    return render_template(template, steps=steps, category_label=INCIDENT_CATEGORIES.get(category))


@bp.get("/<int:incident_id>")
@incident_keepers
def show(incident_id: int):
    incident = get_incident_or_404(incident_id, current_user)
    return _render_show(incident)


def _render_show(incident, status=200, update_form=None, evidence_form=None, share_error=None):
    same_person = []
    if incident.person_key:
        same_person = db.session.scalars(visible_incidents(current_user).where(
            Incident.person_key == incident.person_key, Incident.id != incident.id)
            .order_by(Incident.occurred_at.desc())).all()
    return render_template(
        "incidents/show.html", incident=incident, same_person=same_person,
        steps=where_to_report(incident.category, incident.urgent), category_label=incident.category_label,
        update_form=update_form or IncidentUpdateForm(), evidence_form=evidence_form or EvidenceForm(),
        editable=can_edit(current_user, incident), shareable=can_share(current_user, incident),
        share_error=share_error, accept=evidence_store.ACCEPT_ATTRIBUTE), status


@bp.route("/<int:incident_id>/edit", methods=["GET", "POST"])
@incident_keepers
def edit(incident_id: int):
    incident = get_incident_or_404(incident_id, current_user, need=EDIT)
    # The stored incident fills the form only to show it; a post is validated as exactly what was sent
    # (a field left out is empty, never the stored datetime).
    form = IncidentForm(obj=incident) if request.method == "GET" else IncidentForm()
    campaigns = _offer_campaigns(form)
    if request.method == "GET":
        form.occurred_at.data = format_london(incident.occurred_at, "%Y-%m-%dT%H:%M")
        if "campaign" in form:
            form.campaign.data = str(incident.candidacy_id or "")
    if form.validate_on_submit():
        campaign = service.campaign_for(_user(), campaigns, form.campaign_choice(), current=incident.candidacy)
        service.change_incident(incident, form.details(), campaign=campaign, by=_user())
        db.session.commit()
        flash("Your changes are saved.", "success")
        return hx_redirect(url_for("incidents.show", incident_id=incident.id))
    return _render_form(form, incident)


@bp.post("/<int:incident_id>/updates")
@incident_keepers
def add_update(incident_id: int):
    incident = get_incident_or_404(incident_id, current_user, need=EDIT)
    form = IncidentUpdateForm()
    if form.validate_on_submit():
        service.add_update(incident, form.body.data, _user())
        db.session.commit()
        flash("Update added to the timeline.", "success")
        return hx_redirect(url_for("incidents.show", incident_id=incident.id) + "#timeline")
    if wants_partial("update-form"):
        return render_template("incidents/partials/_update_form.html", incident=incident, update_form=form), 422
    return _render_show(incident, 422, update_form=form)


@bp.post("/<int:incident_id>/evidence")
@incident_keepers
def add_evidence(incident_id: int):
    incident = get_incident_or_404(incident_id, current_user, need=EDIT)
    form = EvidenceForm()
    problems = []
    if form.validate_on_submit():
        try:
            service.add_evidence(incident, _uploads(), _user())
        except service.UploadsRefused as refused:
            problems = refused.reasons
        else:
            db.session.commit()
            flash("Evidence added.", "success")
            return hx_redirect(url_for("incidents.show", incident_id=incident.id) + "#evidence")
    db.session.rollback()
    form.files.errors = list(form.files.errors) + problems
    if wants_partial("evidence-form"):
        return render_template("incidents/partials/_evidence_form.html", incident=incident,
                               evidence_form=form, accept=evidence_store.ACCEPT_ATTRIBUTE), 422
    return _render_show(incident, 422, evidence_form=form)


@bp.get("/<int:incident_id>/evidence/<int:evidence_id>")
@login_required
def evidence_file(incident_id: int, evidence_id: int):
    item = get_evidence_or_404(incident_id, evidence_id, current_user)
    path = evidence_store.path_of(item)
    if not path.is_file():
        abort(404)
    service.evidence_viewed(item, _user())
    db.session.commit()
    disposition = "inline" if item.is_image else "attachment"
    response = Response(path.read_bytes(), mimetype=item.content_type)
    response.headers["Content-Disposition"] = f'{disposition}; filename="evidence-{item.id}{path_suffix(item)}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def path_suffix(item) -> str:
    return sorted(evidence_store.ALLOWED[item.content_type][1])[0] if item.content_type in evidence_store.ALLOWED else ""


@bp.post("/<int:incident_id>/share")
@incident_keepers
def share(incident_id: int):
    incident = get_incident_or_404(incident_id, current_user, need=SHARE)
    try:
        sharing.share(incident, current_user)
    except sharing.CannotShare as refusal:
        db.session.rollback()
        return _render_show(incident, 422, share_error=str(refusal))
    db.session.commit()
    flash("Shared with your force's police adviser (FEOA). This is not a report to the police.", "success")
    return hx_redirect(url_for("incidents.show", incident_id=incident.id) + "#sharing")


@bp.post("/<int:incident_id>/withdraw")
@incident_keepers
def withdraw(incident_id: int):
    incident = get_incident_or_404(incident_id, current_user, need=SHARE)
    sharing.withdraw(incident, current_user)
    db.session.commit()
    flash("No longer shared: the police adviser can no longer see this incident.", "success")
    return hx_redirect(url_for("incidents.show", incident_id=incident.id) + "#sharing")


@bp.get("/<int:incident_id>/print")
@incident_keepers
def printable(incident_id: int):
    incident = get_incident_or_404(incident_id, current_user)
    return render_template("incidents/print.html", incident=incident, printed_at=to_london(utcnow()))


@bp.get("/<int:incident_id>/export.pdf")
@incident_keepers
def export_pdf(incident_id: int):
    incident = get_incident_or_404(incident_id, current_user)
    response = Response(incident_pdf(incident), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="incident-{incident.id}.pdf"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
