"""Reading, signing and withdrawing the Civility Pledge; the public page and share card."""

from flask import Blueprint, Response, abort, current_app, flash, render_template, request, url_for
from flask_login import current_user, login_required

from webapp.extensions import db
from webapp.htmx import hx_redirect, render_form
from webapp.models import Candidacy
from webapp.pledge import signing
from webapp.pledge.access import get_card_signature_or_404
from webapp.pledge.forms import ListingForm, SignForm
from webapp.pledge.share import card_png, card_svg, suggested_post
from webapp.pledge.text import HASHTAG

bp = Blueprint("pledge", __name__)


def _can_sign(user) -> bool:
    return user.has_role(*signing.SIGNER_ROLES)


def _page(form: SignForm, status: int = 200):
    version = signing.current_version()
    signature = signing.active_signature(current_user)
    db.session.commit()
    return render_form("pledge/show.html", "pledge/partials/_sign_form.html", "sign-form", status=status,
                       version=version, signature=signature, form=form, listing_form=ListingForm(formdata=None),
                       can_sign=_can_sign(current_user),
                       post_text=suggested_post(signature) if signature else "")


@bp.get("/pledge")
@login_required
def show():
    form = SignForm(formdata=None, full_name=current_user.name)
    return _page(form)


@bp.post("/pledge/sign")
@login_required
def sign():
    if not _can_sign(current_user):
        abort(403)
    form = SignForm()
    if form.validate_on_submit():
        signing.sign(current_user, form.full_name.data, form.public.data)
        db.session.commit()
        flash("Thank you. You have signed the Civility Pledge.", "success")
        return hx_redirect(url_for("pledge.show"))
    return _page(form, status=422)


@bp.post("/pledge/withdraw")
@login_required
def withdraw():
    signature = signing.active_signature(current_user)
    if signature is None:
        abort(404)
    signing.withdraw(signature)
    db.session.commit()
    flash("You have withdrawn your signature. It is no longer listed anywhere.", "success")
    return hx_redirect(url_for("pledge.show"))


@bp.post("/pledge/listing")
@login_required
def listing():
    signature = signing.active_signature(current_user)
    if signature is None:
        abort(404)
    form = ListingForm()
    form.validate_on_submit()
    signature.public = bool(form.public.data)
    db.session.commit()
    flash("You are listed on the public signatories page." if signature.public
          else "You are no longer listed publicly.", "success")
    return hx_redirect(url_for("pledge.show"))


MAX_FILTER = 120


@bp.get("/pledge/signatories")
def signatories():
    council = (request.args.get("council") or "").strip()[:MAX_FILTER] or None
    party = (request.args.get("party") or "").strip()[:MAX_FILTER] or None
    rows = signing.public_signatories(council, party)
    return render_template("pledge/signatories.html", rows=rows, council=council, party=party,
                           councils=signing.public_counts(Candidacy.council),
                           parties=signing.public_counts(Candidacy.party), hashtag=HASHTAG)


@bp.get("/pledge/card/<int:signature_id>.svg")
def card(signature_id: int):
    signature = get_card_signature_or_404(signature_id)
    response = Response(card_svg(signature), mimetype="image/svg+xml")
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


@bp.get("/pledge/card/<int:signature_id>.png")
def card_image(signature_id: int):
    signature = get_card_signature_or_404(signature_id)
    response = Response(card_png(signature), mimetype="image/png")
    response.headers["Cache-Control"] = "public, max-age=300" if signature.public else "private, no-store"
    return response


@bp.get("/pledge/card/<int:signature_id>")
def share(signature_id: int):
    signature = get_card_signature_or_404(signature_id)
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")  # link previews need absolute addresses
    return render_template("pledge/share.html", signature=signature, post_text=suggested_post(signature),
                           page_url=base + url_for("pledge.share", signature_id=signature.id),
                           image_url=base + url_for("pledge.card_image", signature_id=signature.id))
