from flask import Blueprint, abort, flash, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from webapp.extensions import db
from webapp.htmx import hx_redirect, render_form
from webapp.incidents import sharing
from webapp.models import Candidacy, ConsentEvent, Role, User
from webapp.phones import format_for_display
from webapp.profile.forms import CandidateProfileForm, ConsentForm, PersonForm

bp = Blueprint("profile", __name__)

REQUIRED_FIELDS = ("name", "email", "contact_preference")
OPTIONAL_FIELDS = ("mobile", "emergency_contact_name", "emergency_contact_mobile")
CANDIDACY_FIELDS = ("office", "council", "ward", "party")


def _candidacy(user: User) -> Candidacy | None:
    """Candidates have a candidacy (made on first save if missing); everyone else has none."""
    if not user.has_role(Role.CANDIDATE):
        return None
    return user.candidacy or Candidacy()


def _profile_form(user: User, candidacy: Candidacy | None, submitted: bool = True):
    formdata = {} if submitted else {"formdata": None}
    if candidacy is None:
        form = PersonForm(obj=user, **formdata)
        if not submitted:
            _show_phones_nationally(form)
            _offer_what_they_can_receive(form)
        return form
    form = CandidateProfileForm(obj=user, **formdata)
    if not submitted:
        _show_phones_nationally(form)
        _offer_what_they_can_receive(form)
        for name in CANDIDACY_FIELDS:
            form[name].data = getattr(candidacy, name) or ""
        form.force_id.data = str(candidacy.force_id or "")
        form.election_id.data = str(candidacy.election_id or "")
        elections = [value for value in form.election_id.choices if value]
        if not candidacy.election_id and len(elections) == 1:
            form.election_id.data = elections[0]  # the only election seeded: offer it ready chosen
    return form


def _show_phones_nationally(form) -> None:
    """Stored numbers are E.164; people recognise 07911 123456 better when editing."""
    for name in ("mobile", "emergency_contact_mobile"):
        form[name].data = format_for_display(form[name].data)


def _offer_what_they_can_receive(form) -> None:
    """With no mobile on file, "Email" is chosen (not the account default "text and email"), so saving the
    profile as it stands works; choosing texts asks for the number."""
    if not form.mobile.data and form.contact_preference.data in ("sms", "both"):
        form.contact_preference.data = "email"


def _consent_history(candidacy: Candidacy | None) -> list[ConsentEvent]:
    if candidacy is None or candidacy.id is None:
        return []
    query = (select(ConsentEvent).where(ConsentEvent.candidacy_id == candidacy.id)
             .order_by(ConsentEvent.at.desc(), ConsentEvent.id.desc()).limit(10))
    return list(db.session.scalars(query))


def _render(partial: str, target: str, form, consent_form, candidacy, status=None):
    return render_form("profile/edit.html", partial, target, status=status, form=form, consent_form=consent_form,
                       candidacy=candidacy, consent_history=_consent_history(candidacy))


def _save(user: User, candidacy: Candidacy | None, form) -> None:
    for name in REQUIRED_FIELDS:
        setattr(user, name, form[name].data)
    for name in OPTIONAL_FIELDS:
        setattr(user, name, form[name].data or None)
    if candidacy is not None:
        for name in CANDIDACY_FIELDS:
            setattr(candidacy, name, form[name].data or None)
        candidacy.force_id = int(form.force_id.data) if form.force_id.data else None
        candidacy.election_id = int(form.election_id.data) if form.election_id.data else None
        candidacy.user = user
        db.session.add(candidacy)


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def edit():
    user = current_user._get_current_object()
    candidacy = _candidacy(user)
    form = _profile_form(user, candidacy, submitted=True)
    if not form.is_submitted():
        form = _profile_form(user, candidacy, submitted=False)
    if form.validate_on_submit():
        taken = db.session.scalar(select(User.id).where(User.email == form.email.data, User.id != user.id))
        if taken:
            form.email.errors.append("Another account already uses this email address.")
        else:
            _save(user, candidacy, form)
            db.session.commit()
            flash("Your profile has been saved.", "success")
            return hx_redirect(url_for("profile.edit"))
    return _render("profile/partials/_profile_form.html", "profile-form", form, ConsentForm(formdata=None),
                   candidacy)


@bp.post("/profile/consent")
@login_required
def consent():
    user = current_user._get_current_object()
    if not user.has_role(Role.CANDIDATE):
        abort(404)
    candidacy = _candidacy(user)
    consent_form = ConsentForm()
    if consent_form.validate_on_submit():
        given = consent_form.decision.data == "give"
        if given and candidacy.force_id is None:
            consent_form.decision.errors.append(
                "Choose your police force area and save your profile first, so we know which FEOA to share with.")
        else:
            sharing.set_consent(candidacy, given, "profile", by=user)
            db.session.commit()
            flash("Thank you. Your contact details will be shared with your force's FEOA." if given
                  else "Consent withdrawn. Your force's FEOA will no longer be given your contact details, "
                       "and no longer sees any incident you shared.",
                  "success")
            return hx_redirect(url_for("profile.edit") + "#consent")
    form = _profile_form(user, candidacy, submitted=False)
    return _render("profile/partials/_consent.html", "consent", form, consent_form, candidacy, 422)
