"""Where to report what: the steps shown before and after an incident is logged.

Logging an incident here reports nothing to anyone; these steps are how to report it.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    title: str
    text: str
    tel: str | None = None
    tel_text: str | None = None
    href: str | None = None
    href_text: str | None = None
    emphasis: bool = False


EMERGENCY = Step("Call 999 now", "If anyone is in immediate danger, or a crime is happening now.",
                 tel="999", tel_text="Call 999", emphasis=True)
EMERGENCY_QUIET = Step("In immediate danger? Call 999",
                       "If anyone is in danger right now or a crime is happening, call 999 first.",
                       tel="999", tel_text="Call 999")
POLICE_NON_URGENT = Step(
    "Otherwise: 101 or police.uk",
    "Report it to your local police on 101 or online at police.uk, and say it is an "
    "“Operation Ford” incident (the police support for local election candidates).",
    tel="101", tel_text="Call 101", href="https://www.police.uk/pu/contact-us/",
    href_text="Report at police.uk")
ELECTION_SPOC = Step(
    "Suspected electoral fraud: 101",
    "Call the police on 101 and ask for the election single point of contact (SPOC). "
    "This includes false statements about a candidate's character.", tel="101", tel_text="Call 101")
CRIMESTOPPERS = Step("Or anonymously: Crimestoppers", "Call Crimestoppers on 0800 555 111 if you prefer "
                     "not to give your name.", tel="08005551111", tel_text="Call 0800 555 111")
ACTION_FRAUD = Step("Fraud, scams and hacked accounts: Action Fraud",
                    "Report to Action Fraud on 0300 123 2040 or online.", tel="03001232040",
                    tel_text="Call 0300 123 2040", href="https://www.actionfraud.police.uk/",
                    href_text="Report at actionfraud.police.uk")
PHISHING = Step("Phishing emails and scam texts", "Forward suspicious emails to report@phishing.gov.uk "
                "and scam texts to 7726 (free).", href="mailto:report@phishing.gov.uk",
                href_text="Email report@phishing.gov.uk")
PLATFORM = Step("Also report it to the platform", "Use the site's or app's own reporting tools for the post "
                "or account, after taking screenshots (with the date, time and web address).")
SECURE_ACCOUNTS = Step("Secure your accounts", "Change passwords (three random words), turn on 2-step "
                       "verification for email and social media.")
KEEP_EVIDENCE = Step("Keep the evidence", "Keep messages, letters, screenshots and photos, and add them "
                     "to this log. Write down anything you remember while it is fresh.")

CATEGORY_STEPS = {
    "online_abuse": [POLICE_NON_URGENT, PLATFORM],
    "threatening_message": [POLICE_NON_URGENT],
    "in_person": [POLICE_NON_URGENT],
    "followed": [POLICE_NON_URGENT],
    "damage": [POLICE_NON_URGENT],
    "hate": [POLICE_NON_URGENT],
    "personal_info": [POLICE_NON_URGENT, PLATFORM],
    "electoral_fraud": [ELECTION_SPOC, CRIMESTOPPERS],
    "cyber": [ACTION_FRAUD, PHISHING, SECURE_ACCOUNTS],
    "other": [POLICE_NON_URGENT],
}


def where_to_report(category: str | None, urgent: bool) -> list[Step]:
    """The steps for a category (unknown or none: the general police steps) and urgency."""
    steps = [EMERGENCY if urgent else EMERGENCY_QUIET]
    steps += CATEGORY_STEPS.get(category or "", [POLICE_NON_URGENT])
    return [*steps, KEEP_EVIDENCE]
