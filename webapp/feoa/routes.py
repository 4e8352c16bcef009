"""The police adviser's pages: dashboard, candidates, contacts and briefings, digest settings."""

from datetime import time

from flask import Blueprint, current_app, flash, make_response, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from webapp.access import role_required
from webapp.clock import utcnow
from webapp.extensions import csrf, db
from webapp.feoa import candidates, export, sections, settings, shared
from webapp.feoa.activities import WINDOW, risky_activities
from webapp.feoa.digest import build_digest, next_digest
from webapp.feoa.forms import ContactForm, SettingsForm
from webapp.feoa.scope import get_candidacy_or_404
from webapp.htmx import hx_redirect, render_form, wants_partial
from webapp.models import OFFICES, FeoaContact, Nominee, Role
from webapp.models.audit import record
from webapp.office.handover import SOURCE_LABELS
from webapp.paging import page_arg
from webapp.privacy.purge import feoa_access_ends_on
from webapp.timeutil import to_london
from webapp.tokens import InvalidToken

bp = Blueprint("feoa", __name__, url_prefix="/feoa")
feoa_only = role_required(Role.FEOA)


def _list_filters() -> dict:
    status = request.args.get("status", "")
    office = request.args.get("office", "")
    return {
        "search": request.args.get("q", "").strip()[:100],
        "status": status if status in candidates.STATUS_FILTERS else "",
        "office": office if office in OFFICES else "",
    }


@bp.get("/")
@feoa_only
def dashboard():
    force, version = sections.force_and_version(current_user)  # first: see webapp/feoa/sections.py
    filters = _list_filters()
    candidate_list = sections.candidate_list(current_user, version, filters=filters, page=page_arg(),
                                             page_size=current_app.config["FEOA_PAGE_SIZE"])
    if wants_partial("candidate-list"):
        return candidate_list
    unconfirmed_list = sections.unconfirmed_list(current_user, version, page=1, page_size=10)
    risky_list, more_risky = sections.risky_list(current_user, version, utcnow(), page_size=10)
    incident_list, more_incidents = sections.incident_list(current_user, version, page_size=10)
    sessions, sessions_count = shared.escalated_sessions(current_user, limit=10)
    return render_template("feoa/dashboard.html", force=force, candidate_list=candidate_list, risky_list=risky_list,
                           more_risky=more_risky, incident_list=incident_list, more_incidents=more_incidents,
                           sessions=sessions, sessions_count=sessions_count, filters=filters,
                           unconfirmed_list=unconfirmed_list,
                           status_filters=candidates.STATUS_FILTERS, offices=OFFICES,
                           access_ends_on=feoa_access_ends_on(to_london(utcnow()).date(), current_app.config))


@bp.get("/unconfirmed")
@feoa_only
def unconfirmed():
    _, version = sections.force_and_version(current_user)
    page = page_arg()
    listing = sections.unconfirmed_list(current_user, version, page=page,
                                        page_size=current_app.config["FEOA_PAGE_SIZE"])
    return render_template("feoa/unconfirmed.html", unconfirmed_list=listing)


@bp.get("/activities")
@feoa_only
def activities():
    now = utcnow()
    page = page_arg()
    rows, has_more = risky_activities(current_user, now, now + WINDOW, page=page,
                                      page_size=current_app.config["FEOA_PAGE_SIZE"])
    return render_template("feoa/activities.html", risky=rows, has_more=has_more, page=page)


@bp.get("/candidates.csv")
@feoa_only
def export_csv():
    filters = _list_filters()
    body, count = export.candidate_csv(current_user, **filters)
    record("feoa.candidates_exported", actor=current_user,
           detail=f"{count} candidates; filters: {', '.join(f'{k}={v}' for k, v in filters.items() if v) or 'none'}")
    db.session.commit()
    response = make_response(body)
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    filename = f"candidates-{to_london(utcnow()):%Y-%m-%d}.csv"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _candidate_context(candidacy, form):
    contacts = db.session.query(FeoaContact).filter(FeoaContact.candidacy_id == candidacy.id) \
        .order_by(FeoaContact.happened_on.desc(), FeoaContact.id.desc()).limit(50).all()
    # What the election office supplied, and when it last changed it (a ward, a party, a consent).
    nominee = db.session.scalar(select(Nominee).where(Nominee.user_id == candidacy.user_id))
    return {"candidacy": candidacy, "candidate": candidacy.user, "form": form, "contacts": contacts,
            "consent_sources": SOURCE_LABELS, "nominee": nominee}


@bp.get("/candidates/<int:candidacy_id>")
@feoa_only
def candidate(candidacy_id: int):
    candidacy = get_candidacy_or_404(candidacy_id, current_user)
    form = ContactForm(today=to_london(utcnow()).date(), formdata=None,
                       data={"happened_on": to_london(utcnow()).date(), "kind": "briefing"})
    return render_template("feoa/candidate.html", **_candidate_context(candidacy, form))


@bp.post("/candidates/<int:candidacy_id>/contact-details")
@feoa_only
def reveal_contact_details(candidacy_id: int):
    candidacy = get_candidacy_or_404(candidacy_id, current_user)
    record("feoa.contact_details_viewed", actor=current_user, subject=candidacy.user,
           detail=f"candidacy {candidacy.id}")
    db.session.commit()
    if wants_partial("contact-details"):
        return render_template("feoa/partials/_contact_details.html", candidacy=candidacy,
                               candidate=candidacy.user, revealed=True)
    form = ContactForm(today=to_london(utcnow()).date(), formdata=None,
                       data={"happened_on": to_london(utcnow()).date(), "kind": "briefing"})
    return render_template("feoa/candidate.html", revealed=True, **_candidate_context(candidacy, form))


@bp.post("/candidates/<int:candidacy_id>/contacts")
@feoa_only
def record_contact(candidacy_id: int):
    candidacy = get_candidacy_or_404(candidacy_id, current_user)
    form = ContactForm(today=to_london(utcnow()).date())
    if form.validate_on_submit():
        db.session.add(FeoaContact(candidacy_id=candidacy.id, feoa_id=current_user.id, kind=form.kind.data,
                                   method=form.method.data, happened_on=form.happened_on.data, note=form.note.data))
        record(f"feoa.{'briefing' if form.kind.data == 'briefing' else 'contact'}_recorded", actor=current_user,
               subject=candidacy.user, detail=f"candidacy {candidacy.id}, {form.method.data}, {form.happened_on.data}")
        db.session.commit()
        label = "briefing" if form.kind.data == "briefing" else "contact"
        flash(f"Recorded the {label} with {candidacy.user.display_name}.", "success")
        return hx_redirect(url_for("feoa.candidate", candidacy_id=candidacy.id))
    return render_form("feoa/candidate.html", "feoa/partials/_contact_form.html", "contact-form", status=422,
                       **_candidate_context(candidacy, form))


@bp.get("/digest")
@feoa_only
def digest_preview():
    now = utcnow()
    upcoming = next_digest(current_user, now)
    content = build_digest(current_user, now, upcoming.covers_from)
    return render_template("feoa/digest_preview.html", content=content, upcoming=upcoming, content_now=now,
                           prefs=settings.settings_for(current_user))


@bp.route("/settings", methods=["GET", "POST"])
@feoa_only
def settings_page():
    prefs = settings.settings_for(current_user)
    form = SettingsForm(data={"digest_time": prefs.digest_time.strftime("%H:%M"), "email_digest": prefs.email_digest,
                              "sms_digest": prefs.sms_digest, "quiet_day": prefs.quiet_day})
    if form.validate_on_submit():
        editable = settings.editable_settings_for(current_user)
        hours, minutes = form.digest_time.data.split(":")
        editable.digest_time = time(int(hours), int(minutes))
        editable.email_digest = form.email_digest.data
        editable.sms_digest = form.sms_digest.data
        editable.quiet_day = form.quiet_day.data
        db.session.commit()
        flash("Your digest settings are saved.", "success")
        return hx_redirect(url_for("feoa.settings_page"))
    return render_form("feoa/settings.html", "feoa/partials/_settings_form.html", "settings-form", form=form,
                       prefs=prefs)


@bp.route("/digest/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # mail clients POST the one-click request (RFC 8058) without our form token; the link is signed
def unsubscribe(token: str):
    try:
        feoa = settings.feoa_from_unsubscribe_token(token)
    except InvalidToken:
        feoa = None
    if feoa is None:
        return render_template("feoa/unsubscribe.html", invalid=True), 404
    if request.method == "POST":
        prefs = settings.editable_settings_for(feoa)
        prefs.email_digest = False
        record("feoa.digest_unsubscribed", actor=feoa, subject=feoa)
        db.session.commit()
        return render_template("feoa/unsubscribe.html", done=True, token=token)
    return render_template("feoa/unsubscribe.html", token=token)
