"""The team's do-not-knock list: anyone in the team adds; owners and organisers remove."""

from flask import Blueprint, flash, url_for
from flask_login import current_user, login_required

from webapp.extensions import db
from webapp.htmx import hx_redirect, render_form
from webapp.models import DoNotKnockNote
from webapp.teams import access
from webapp.teams.forms import ConfirmForm, HazardForm
from webapp.teams.hazards import notes_for_team

bp = Blueprint("hazards", __name__)


def _page(team, membership, form, status=200):
    return render_form("teams/hazards.html", "teams/partials/_hazard_form.html", "hazard-form", status=status,
                       team=team, membership=membership, form=form, notes=notes_for_team(team.id),
                       confirm_form=ConfirmForm())


@bp.get("/teams/<int:team_id>/do-not-knock")
@login_required
def index(team_id: int):
    team, membership = access.get_team_or_404(team_id, current_user)
    return _page(team, membership, HazardForm(formdata=None))


@bp.post("/teams/<int:team_id>/do-not-knock")
@login_required
def create(team_id: int):
    team, membership = access.get_team_or_404(team_id, current_user)
    form = HazardForm()
    if form.validate_on_submit():
        db.session.add(DoNotKnockNote(team_id=team.id, street=form.street.data, reason=form.reason.data,
                                      details=form.details.data or "", added_by_id=current_user.id))
        db.session.commit()
        flash(f"{form.street.data} is on the team's do-not-knock list.", "success")
        return hx_redirect(url_for("hazards.index", team_id=team.id))
    return _page(team, membership, form, status=422)


@bp.post("/teams/<int:team_id>/do-not-knock/<int:note_id>/remove")
@login_required
def remove(team_id: int, note_id: int):
    team, membership = access.get_team_or_404(team_id, current_user)
    note = access.get_note_or_404(team, membership, note_id)
    db.session.delete(note)
    db.session.commit()
    flash(f"{note.street} was taken off the do-not-knock list.", "success")
    return hx_redirect(url_for("hazards.index", team_id=team.id))
