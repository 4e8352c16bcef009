"""Plain-English reasons for failed messages, shown to the people who sent or would receive them."""

REASONS = {
    "21211": "This number can't receive texts — check it in your profile.",
    "21614": "This number can't receive texts (it isn't a mobile) — check it in your profile.",
    "21408": "We can't send texts to this country.",
    "21610": "This person replied STOP to our texts. They can text START to get them again.",
    "opted-out": "This person replied STOP to our texts. They can text START to get them again.",
    "30003": "The phone was switched off or out of signal, and the text ran out of time.",
    "30005": "This number doesn't exist or isn't in use — check it in your profile.",
    "30006": "This number can't receive texts (it may be a landline) — check it in your profile.",
    "expired": "Not sent: by the time it could go, it would no longer have been useful.",
    "max-attempts": "We couldn't reach the text or email service after several tries.",
}


def reason_for(status: str, error_code: str | None) -> str:
    """One sentence for a person; empty when nothing went wrong."""
    if error_code in REASONS:
        return REASONS[error_code]
    if error_code and error_code.startswith("smtp-5"):
        return "The email address refused the message — check it in your profile."
    if status == "permanent-failure":
        return "This message could not be delivered and won't be tried again."
    if status == "temporary-failure":
        return "The phone network could not deliver this text in time."
    if status == "technical-failure":
        return REASONS["max-attempts"]
    if status == "expired":
        return REASONS["expired"]
    return ""
