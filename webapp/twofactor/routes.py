"""Two-factor sign-in: enrol an authenticator app, enter a code, or use a recovery code."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from webapp.clock import utcnow
from webapp.extensions import db, limiter
from webapp.htmx import hx_redirect, render_form
from webapp.models.audit import record
from webapp.twofactor import codes
from webapp.twofactor.codes import CodeResult
from webapp.twofactor.forms import CodeForm, RecoveryCodeForm
from webapp.twofactor.lockout import tell_of_lockout
from webapp.twofactor.state import complete_sign_in, is_verified, pending_next_url, pending_user

bp = Blueprint("twofactor", __name__, url_prefix="/two-factor")

CODE_MESSAGES = {
    CodeResult.REUSED: "That code has already been used. Wait for your app to show a new code, then enter it.",
    CodeResult.WRONG: "That code is not right, or it has expired. Enter the code your app shows now.",
}
RECOVERY_MESSAGES = {
    CodeResult.REUSED: "That recovery code has already been used. Each one works once: try another.",
    CodeResult.WRONG: "That is not one of your recovery codes. Check it and try again.",
}


def _limit() -> str:
    return current_app.config["TWO_FACTOR_RATE_LIMIT"]


def _pending_key() -> str:
    user = pending_user()
    return f"two-factor:{user.id if user else 'none'}"


def _home_for(user) -> str:
    """Where a staff member lands after signing in, unless they were heading somewhere."""
    if user.role == "feoa":
        return url_for("feoa.dashboard")
    if user.role == "admin":
        return url_for("staff.accounts")
    return url_for("core.home")


def _pending_or_sign_in():
    user = pending_user()
    if user is None:
        flash("Please sign in with your email and password first.", "warning")
    return user


@bp.route("/set-up", methods=["GET", "POST"])
@limiter.limit(_limit, key_func=_pending_key, methods=["POST"])
def setup():
    user = _pending_or_sign_in()
    if user is None:
        return redirect(url_for("auth.login"))
    if codes.is_enrolled(user):
        return redirect(url_for("twofactor.verify"))
    enrolment = codes.start_enrolment(user)
    db.session.commit()
    form = CodeForm()
    if form.validate_on_submit():
        result = codes.check_code(enrolment, form.code.data)
        if result is CodeResult.ACCEPTED:
            enrolment.confirmed_at = utcnow()
            recovery = codes.new_recovery_codes(user)
            next_url = pending_next_url()
            complete_sign_in(user)
            db.session.commit()
            return render_template("twofactor/recovery_codes.html", codes=recovery,
                                   next_url=next_url or _home_for(user))
        form.code.errors.append(CODE_MESSAGES[result])
        record("two_factor.code_refused", actor=user, subject=user, detail=f"{result.value} code, at set-up")
        db.session.commit()
    uri = codes.provisioning_uri(user, enrolment)
    return render_form("twofactor/setup.html", form=form, qr=codes.qr_data_uri(uri), secret=enrolment.secret,
                       user=user)


@bp.route("/code", methods=["GET", "POST"])
@limiter.limit(_limit, key_func=_pending_key, methods=["POST"])
def verify():
    user = _pending_or_sign_in()
    if user is None:
        return redirect(url_for("auth.login"))
    enrolment = codes.enrolment_for(user)
    if enrolment is None or enrolment.confirmed_at is None:
        return redirect(url_for("twofactor.setup"))
    form = CodeForm()
    if codes.is_locked(enrolment):
        # Ten wrong codes in a day: codes no longer work at all, right or wrong, until a recovery
        # code is used or an administrator resets two-factor.
        status = 423 if request.method == "POST" else 200
        return render_template("twofactor/verify.html", form=form, locked=True), status
    if form.validate_on_submit():
        result = codes.check_code(enrolment, form.code.data)
        if result is CodeResult.ACCEPTED:
            codes.clear_failures(enrolment)
            next_url = pending_next_url()
            complete_sign_in(user)
            db.session.commit()
            return hx_redirect(next_url or _home_for(user))
        record("two_factor.code_refused", actor=user, subject=user, detail=f"{result.value} code")
        if result is CodeResult.WRONG and codes.record_wrong_code(enrolment, current_app.config["TWO_FACTOR_DAILY_FAILURES"]):
            tell_of_lockout(user)
            record("two_factor.locked", actor=user, subject=user)
            db.session.commit()
            return render_template("twofactor/verify.html", form=form, locked=True), 423
        db.session.commit()
        form.code.errors.append(CODE_MESSAGES[result])
    return render_form("twofactor/verify.html", form=form, locked=False)


@bp.route("/recovery", methods=["GET", "POST"])
@limiter.limit(_limit, key_func=_pending_key, methods=["POST"])
def recovery():
    user = _pending_or_sign_in()
    if user is None:
        return redirect(url_for("auth.login"))
    if not codes.is_enrolled(user):
        return redirect(url_for("twofactor.setup"))
    form = RecoveryCodeForm()
    if form.validate_on_submit():
        result = codes.use_recovery_code(user, form.code.data)
        if result is CodeResult.ACCEPTED:
            record("two_factor.recovery_code_used", actor=user, subject=user)
            codes.clear_failures(codes.enrolment_for(user))
            next_url = pending_next_url()
            complete_sign_in(user)
            db.session.commit()
            left = codes.recovery_codes_left(user)
            flash(f"You signed in with a recovery code. {left} of your recovery codes are left; "
                  "make new ones from your account if you are running out.", "warning")
            return hx_redirect(next_url or _home_for(user))
        record("two_factor.code_refused", actor=user, subject=user, detail=f"{result.value} recovery code")
        db.session.commit()
        form.code.errors.append(RECOVERY_MESSAGES[result])
    return render_form("twofactor/recovery.html", form=form)


@bp.route("/recovery-codes", methods=["GET", "POST"])
@login_required
def new_recovery_codes():
    """A signed-in (and verified) staff member makes a fresh set; the old ones stop working."""
    if not codes.needs_two_factor(current_user) or not is_verified(current_user):
        return redirect(url_for("core.home"))
    if request.method == "POST":
        recovery = codes.new_recovery_codes(current_user)
        db.session.commit()
        return render_template("twofactor/recovery_codes.html", codes=recovery, next_url=None)
    return render_template("twofactor/new_recovery_codes.html",
                           left=codes.recovery_codes_left(current_user))
