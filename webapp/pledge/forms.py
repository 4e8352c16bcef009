from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, TextAreaField, URLField
from wtforms.validators import DataRequired, Length, ValidationError

from webapp.validators import strip


class SignForm(FlaskForm):
    full_name = StringField("Your full name", filters=[strip], validators=[
        DataRequired("Type your full name to sign."),
        Length(min=2, max=100, message="Type your full name (2 to 100 characters).")])
    agree = BooleanField("I make these commitments", validators=[
        DataRequired("Tick the box to confirm you make these commitments.")])
    public = BooleanField("List my name publicly as a signatory (you can change this later)")


class ListingForm(FlaskForm):
    public = BooleanField("List my name on the public signatories page")


class PublishForm(FlaskForm):
    title = StringField("Title", filters=[strip], validators=[
        DataRequired("Enter a title."), Length(max=120, message="Title must be 120 characters or fewer.")])
    body = TextAreaField("Commitments, one a line", filters=[strip], validators=[
        DataRequired("Enter the commitments."), Length(max=4000, message="Keep the text under 4,000 characters.")])
    official_url = URLField("Link to the official pledge page", filters=[strip], validators=[
        DataRequired("Enter the link to the official pledge page."),
        Length(max=300, message="The link must be 300 characters or fewer.")])

    confirm = BooleanField("I understand that everyone who has signed will be asked to sign again", validators=[
        DataRequired("Tick the box to confirm that everyone who has signed will be asked to sign again.")])

    def validate_official_url(self, field):
        if not field.data.startswith("https://") or " " in field.data:
            raise ValidationError("Enter a full https:// link, like https://www.jocoxfoundation.org/civility_pledge.")

    def validate_body(self, field):
        if len([line for line in field.data.splitlines() if line.strip()]) < 1:
            raise ValidationError("Enter at least one commitment.")
