"""Twilio's webhooks: delivery receipts and inbound texts."""
