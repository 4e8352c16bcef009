"""The safety guidance pages, in the product's own words (templates/core/guidance/<slug>.html)."""

GUIDANCE_PAGES = {
    "safer-canvassing": "Safer canvassing",
    "online-safety": "Online and cyber safety",
    "after-an-incident": "What to record after an incident",
    "where-to-report": "Where to report what",
    "what-is-an-feoa": "Your police adviser (FEOA): what they are and are not",
}

# One line under each title on the guidance index: what the page helps with.
GUIDANCE_SUMMARIES = {
    "safer-canvassing": "Seven habits for safer campaigning, a checklist before you go out, and warning signs.",
    "online-safety": "Passwords, 2-step verification, your digital footprint, and scams.",
    "after-an-incident": "What to write down and what evidence to keep, once you are safe.",
    "where-to-report": "999, 101 and Operation Ford, electoral fraud, scams, and online abuse.",
    "what-is-an-feoa": "Who your force's elected-official adviser is, and why they are not a way to report a crime.",
}
