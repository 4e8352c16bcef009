from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from webapp.auth.forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    RegisterForm,
    ResetPasswordForm,
    SignInForm,
)
from webapp.auth.passwords_reset import send_reset_link, user_from_reset_token
from webapp.auth.registration import create_account, registration_from_token, start_registration
from webapp.auth.session_versions import end_all_sessions, end_other_sessions
from webapp.clock import utcnow
from webapp.extensions import db, limiter
from webapp.htmx import hx_redirect, render_form
from webapp.models import Role, User
from webapp.models.audit import record
from webapp.passwords import DUMMY_HASH, hash_password, needs_rehash, verify_password
from webapp.security import safe_next_url
from webapp.staff.accounts import user_from_welcome_token
from webapp.tokens import ExpiredToken, InvalidToken
from webapp.twofactor.codes import is_enrolled, needs_two_factor
from webapp.twofactor.state import begin_pending
from webapp.twofactor.state import forget as forget_two_factor

bp = Blueprint("auth", __name__)


def _sign_in_limit() -> str:
    return current_app.config["SIGN_IN_RATE_LIMIT"]


def _submitted_email() -> str:
    return "sign-in:" + (request.form.get("email") or "").strip().lower()[:254]


def _home_for(user: User) -> str:
    return url_for("core.home")


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
@limiter.limit(_sign_in_limit, key_func=_submitted_email, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(_home_for(current_user))
    form = SignInForm()
    if form.validate_on_submit():
        user = db.session.scalar(select(User).where(User.email == form.email.data))
        valid = verify_password(user.password_hash if user else DUMMY_HASH, form.password.data)
        if user is not None and valid and user.is_active:
            if needs_rehash(user.password_hash):
                user.password_hash = hash_password(form.password.data)
            user.last_sign_in_at = utcnow()
            next_url = safe_next_url(request.args.get("next"))
            if needs_two_factor(user):
                # Password alone is not enough for staff: the session waits for a code.
                begin_pending(user, remember=form.remember.data, next_url=next_url)
                db.session.commit()
                step = "twofactor.verify" if is_enrolled(user) else "twofactor.setup"
                return hx_redirect(url_for(step))
            db.session.commit()
            login_user(user, remember=form.remember.data)
            return hx_redirect(next_url or _home_for(user))
        form.password.errors.append("That email and password do not match an account.")
    return render_form("auth/login.html", "auth/partials/_login_form.html", "login-form", form=form)


REGISTERED_KEY = "registered_email"  # the address the last registration form was sent for


def _register_limit() -> str:
    return current_app.config["REGISTER_RATE_LIMIT"]


def _registered_email() -> str:
    return "register:" + (request.form.get("email") or "").strip().lower()[:254]


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_register_limit, methods=["POST"])
@limiter.limit(_register_limit, key_func=_registered_email, methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = RegisterForm()
    if form.validate_on_submit():
        # The same page whether or not the address has an account (see webapp/auth/registration.py).
        start_registration(form.name.data, form.email.data, form.password.data)
        db.session.commit()
        session[REGISTERED_KEY] = form.email.data
        return hx_redirect(url_for("auth.register_sent"))
    return render_form("auth/register.html", "auth/partials/_register_form.html", "register-form", form=form)


@bp.get("/register/sent")
def register_sent():
    email = session.get(REGISTERED_KEY)
    if not email:
        return redirect(url_for("auth.register"))
    return render_template("auth/register_sent.html", email=email)


@bp.route("/register/finish/<token>", methods=["GET", "POST"])
def finish_registration(token: str):
    """Opening the emailed link shows a button (link previews must not create accounts); pressing it
    creates the candidate account and signs it in."""
    try:
        registration = registration_from_token(token)
        if request.method == "POST":
            user = create_account(registration)
    except ExpiredToken:
        return render_template("auth/register_invalid.html",
                               reason="This link has expired. Register again to get a new one."), 410
    except InvalidToken:
        return render_template("auth/register_invalid.html",
                               reason="This link is not valid, or the account has already been created."), 404
    if request.method == "GET":
        return render_template("auth/register_finish.html", registration=registration, token=token)
    db.session.commit()
    login_user(user)
    flash("Welcome to CampaignSafe. Start by telling us about your candidacy.", "success")
    return hx_redirect(url_for("profile.edit"))


@bp.post("/sign-out")
def logout():
    if current_user.is_authenticated:
        # Ends this session and its remember-me cookie for good (a copy replayed later opens nothing);
        # with one version per account, the person's other devices are signed out too.
        end_all_sessions(current_user._get_current_object())
        db.session.commit()
    logout_user()
    forget_two_factor()
    flash("You have signed out.", "success")
    return hx_redirect(url_for("auth.login"))


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = db.session.scalar(select(User).where(User.email == form.email.data))
        if user is not None and user.is_active:
            send_reset_link(user)
            db.session.commit()
        # The same answer either way, so the page does not reveal who has an account.
        return render_template("auth/reset_sent.html", email=form.email.data)
    return render_form("auth/forgot_password.html", form=form)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    try:
        user = user_from_reset_token(token)
    except ExpiredToken:
        return render_template("auth/reset_invalid.html", reason="This link has expired. Links work for one hour."), 410
    except InvalidToken:
        return render_template("auth/reset_invalid.html", reason="This link is not valid, or it has already been used."), 404
    form = ResetPasswordForm()
    if form.validate_on_submit():
        user.password_hash = hash_password(form.password.data)
        user.password_changed_at = utcnow()
        _audit_password_change(user, "by a password-reset link")
        end_all_sessions(user)
        user.on_app = True  # a nominee handed over before joining can join this way too
        db.session.commit()
        flash("Your password has been changed. Sign in with the new one.", "success")
        return hx_redirect(url_for("auth.login"))
    return render_form("auth/reset_password.html", form=form, token=token)


def _audit_password_change(user, how: str) -> None:
    """A staff account's new password goes in the audit log (candidates' own passwords are their business)."""
    if user.has_role(Role.FEOA, Role.ELECTION_OFFICE, Role.ADMIN):
        record("account.password_changed", actor=user, subject=user, detail=how)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not verify_password(current_user.password_hash, form.current.data):
            form.current.errors.append("That is not your current password.")
        else:
            current_user.password_hash = hash_password(form.password.data)
            current_user.password_changed_at = utcnow()
            _audit_password_change(current_user, "signed in, with the current password")
            end_other_sessions()  # keep this session; every other one ends
            db.session.commit()
            flash("Your password has been changed.", "success")
            return hx_redirect(url_for("core.home"))
    return render_form("auth/change_password.html", form=form)


@bp.route("/set-password/<token>", methods=["GET", "POST"])
def set_password(token: str):
    """A new staff account's first password, from the link in its welcome email (webapp.staff.accounts)."""
    try:
        user = user_from_welcome_token(token)
    except ExpiredToken:
        return render_template("auth/reset_invalid.html", reason=(
            "This link has expired: a link to choose your first password works for 72 hours. "
            "Ask your administrator to email you a new one, or send yourself a password-reset link.")), 410
    except InvalidToken:
        return render_template("auth/reset_invalid.html", reason=(
            "This link is not valid, or your password has already been chosen with it. "
            "Sign in, or send yourself a password-reset link.")), 404
    form = ResetPasswordForm()
    if form.validate_on_submit():
        user.password_hash = hash_password(form.password.data)
        user.password_changed_at = utcnow()
        record("account.password_set", actor=user, subject=user)
        db.session.commit()
        flash("Your password is set. Sign in with it; next you set up two-factor sign-in.", "success")
        return hx_redirect(url_for("auth.login"))
    return render_form("auth/set_password.html", form=form, token=token, user=user)


@bp.route("/account/devices", methods=["GET", "POST"])
@login_required
def other_devices():
    """Sign out of every other device (a lost phone, a shared computer); this one stays signed in."""
    if request.method == "POST":
        end_other_sessions()
        db.session.commit()
        flash("You are signed out on every other device. This one is still signed in.", "success")
        return hx_redirect(url_for("profile.edit"))
    return render_template("auth/other_devices.html")
