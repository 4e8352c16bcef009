"""The FEOA's side of shared incidents: list, read, acknowledge, close with notes.

The candidate sees each status change on their incident (the incident log shows feoa_status).
"""

from flask import current_app, flash, render_template, request, url_for
from flask_login import current_user

from webapp.extensions import db
from webapp.feoa import shared
from webapp.feoa.forms import CloseIncidentForm
from webapp.feoa.routes import bp, feoa_only
from webapp.htmx import hx_redirect, render_form
from webapp.incidents.access import get_shared_incident_or_404
from webapp.models.audit import record
from webapp.models.incidents import FeoaStatus
from webapp.paging import page_arg


@bp.get("/incidents")
@feoa_only
def incidents():
    status = request.args.get("status", "open")
    status = status if status in shared.STATUS_FILTERS else "open"
    page = page_arg()
    rows, has_more = shared.shared_incidents(current_user, status=status, page=page,
                                             page_size=current_app.config["FEOA_PAGE_SIZE"])
    return render_template("feoa/incidents.html", incidents=rows, has_more=has_more, page=page, status=status,
                           status_filters=shared.STATUS_FILTERS)


def _incident_page(incident, form, status=200):
    return render_form("feoa/incident.html", "feoa/partials/_close_form.html", "close-form", status=status,
                       incident=incident, form=form)


@bp.get("/incidents/<int:incident_id>")
@feoa_only
def incident(incident_id: int):
    item = get_shared_incident_or_404(incident_id, current_user)
    return _incident_page(item, CloseIncidentForm(formdata=None))


@bp.post("/incidents/<int:incident_id>/acknowledge")
@feoa_only
def acknowledge_incident(incident_id: int):
    item = get_shared_incident_or_404(incident_id, current_user)
    if item.feoa_status == FeoaStatus.NEW.value:
        item.acknowledge(current_user)
        record("feoa.incident_acknowledged", actor=current_user, subject=getattr(item.candidacy, "user", None),
               detail=f"incident {item.id}")
        db.session.commit()
        flash("Acknowledged. The candidate can see that you have seen it.", "success")
    return hx_redirect(url_for("feoa.incident", incident_id=item.id))


@bp.post("/incidents/<int:incident_id>/close")
@feoa_only
def close_incident(incident_id: int):
    item = get_shared_incident_or_404(incident_id, current_user)
    form = CloseIncidentForm()
    if item.feoa_status == FeoaStatus.CLOSED.value:
        form.notes.errors = ["This incident is already closed."]
        return _incident_page(item, form, status=422)
    if form.validate_on_submit():
        item.close(current_user, form.notes.data)
        record("feoa.incident_closed", actor=current_user, subject=getattr(item.candidacy, "user", None),
               detail=f"incident {item.id}")
        db.session.commit()
        flash("Closed. The candidate can see your notes.", "success")
        return hx_redirect(url_for("feoa.incident", incident_id=item.id))
    return _incident_page(item, form, status=422)
