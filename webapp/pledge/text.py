"""Version 1 of the Civility Pledge, in CampaignSafe's own words (the official text is linked)."""

OFFICIAL_URL = "https://www.jocoxfoundation.org/civility_pledge"
HASHTAG = "#CivilityPledge"

FIRST_VERSION = {
    "number": 1,
    "title": "The Civility Pledge",
    "official_url": OFFICIAL_URL,
    "body": "\n".join([
        "I will keep the tone of debate civil and constructive, online and in person.",
        "I will act with integrity, honesty and compassion in everything I do as a campaigner.",
        "I will treat everyone with respect, including the people I disagree with.",
    ]),
}
