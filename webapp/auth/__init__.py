"""Accounts: register, sign in and out, reset and change passwords."""
