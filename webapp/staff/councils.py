"""Site admin: the councils (reference data), each with the police force(s) it lies in."""

from flask import flash, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from webapp.access import role_required
from webapp.extensions import db
from webapp.htmx import hx_redirect, render_form
from webapp.models import Council, Force, Role, User
from webapp.models.audit import record
from webapp.staff.access import get_council_or_404
from webapp.staff.routes import bp
from webapp.validators import strip

NATIONS = {"England": "England", "Scotland": "Scotland", "Wales": "Wales", "Northern Ireland": "Northern Ireland"}


class CouncilForm(FlaskForm):
    name = StringField("Council name", filters=[strip], validators=[
        DataRequired("Enter the council's name."), Length(max=120, message="Name must be 120 characters or fewer.")])
    gss_code = StringField("GSS code (optional)", filters=[strip, lambda v: v.upper() if v else v], validators=[
        Optional(), Regexp(r"^[ENSW]\d{8}$", message="A GSS code is a letter and 8 digits, like E06000023.")])
    nation = SelectField("Nation", choices=NATIONS, validators=[DataRequired("Choose the nation.")])
    force = SelectField("Police force", validators=[DataRequired("Choose the police force the council lies in.")])
    second_force = SelectField("Second police force (only if the council spans two)", validators=[Optional()])

    def __init__(self, *args, council: Council | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.council = council
        forces = db.session.execute(select(Force.id, Force.name).order_by(Force.name)).all()
        self.force.choices = [("", "Choose a force")] + [(str(i), n) for i, n in forces]
        self.second_force.choices = [("", "None")] + [(str(i), n) for i, n in forces]

    def _taken(self, column, value) -> bool:
        query = select(Council.id).where(column == value)
        if self.council is not None:
            query = query.where(Council.id != self.council.id)
        return db.session.scalar(query) is not None

    def validate_name(self, field):
        if field.errors:  # e.g. a NUL refused by `strip`: the raw value must not reach the database
            return
        if self._taken(func.lower(Council.name), field.data.lower()):
            raise ValidationError("A council with this name is already in the list.")

    def validate_gss_code(self, field):
        if field.data and not field.errors and self._taken(Council.gss_code, field.data):
            raise ValidationError("Another council already has this GSS code.")

    def validate_second_force(self, field):
        if field.data and field.data == self.force.data:
            raise ValidationError("Choose a different force, or None.")

    def chosen_forces(self) -> list[Force]:
        ids = [int(v) for v in (self.force.data, self.second_force.data) if v]
        return list(db.session.scalars(select(Force).where(Force.id.in_(ids)).order_by(Force.name)))


@bp.get("/councils")
@role_required(Role.ADMIN)
def councils():
    return _list_page(CouncilForm())


def _list_page(form, status=200):
    rows = db.session.execute(
        select(Council, select(func.count(User.id)).where(User.council_id == Council.id).scalar_subquery())
        .order_by(Council.nation, Council.name)).all()
    return render_template("staff/councils.html", rows=rows, form=form), status


@bp.post("/councils")
@role_required(Role.ADMIN)
def add_council():
    form = CouncilForm()
    if not form.validate_on_submit():
        return _list_page(form, status=422)
    council = Council(name=form.name.data, gss_code=form.gss_code.data or None, nation=form.nation.data,
                      forces=form.chosen_forces())
    db.session.add(council)
    db.session.flush()
    record("council.created", actor=current_user, detail=f"council {council.id}: {council.name}")
    db.session.commit()
    flash(f"{council.name} added.", "success")
    return hx_redirect(url_for("staff.councils"))


@bp.route("/councils/<int:council_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def edit_council(council_id: int):
    council = get_council_or_404(council_id)
    forces = [str(f.id) for f in council.forces]
    form = CouncilForm(council=council, data={
        "name": council.name, "gss_code": council.gss_code or "", "nation": council.nation,
        "force": forces[0] if forces else "", "second_force": forces[1] if len(forces) > 1 else ""})
    if form.validate_on_submit():
        council.name, council.gss_code, council.nation = form.name.data, form.gss_code.data or None, form.nation.data
        council.forces = form.chosen_forces()
        record("council.changed", actor=current_user, detail=f"council {council.id}: forces "
               + ", ".join(f.code for f in council.forces))
        db.session.commit()
        flash(f"{council.name} saved.", "success")
        return hx_redirect(url_for("staff.councils"))
    return render_form("staff/council.html", council=council, form=form)
