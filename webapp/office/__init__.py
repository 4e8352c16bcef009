"""The election office: importing nominations and handing consenting candidates over to the force."""
