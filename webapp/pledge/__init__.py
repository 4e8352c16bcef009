"""The Civility Pledge: its published text, signing it, and sharing who has signed."""
