"""The baseline: a bare Flask app answering "hello", served the same way as CampaignSafe."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "hello"
