"""Who may see a pledge card: anyone, for a public signature; only its signer, for a private one."""

from flask import abort
from flask_login import current_user

from webapp.access import mark_checked
from webapp.extensions import db
from webapp.models import PledgeSignature


def get_card_signature_or_404(signature_id: int) -> PledgeSignature:
    """A signature still standing, public or the signed-in person's own (404 otherwise)."""
    signature = db.get_or_404(PledgeSignature, signature_id)
    mine = current_user.is_authenticated and signature.user_id == current_user.id
    if signature.withdrawn_at is not None or not (signature.public or mine):
        abort(404)
    mark_checked("signature_id")
    return signature
