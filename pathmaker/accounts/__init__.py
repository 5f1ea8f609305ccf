"""Accounts: who logs in (password now, district single sign-on later) and their API tokens."""
