from flask_wtf import FlaskForm
from wtforms import BooleanField


class FeedForm(FlaskForm):
    include_meeting_point = BooleanField("Include the exact meeting point (otherwise only the area)")
