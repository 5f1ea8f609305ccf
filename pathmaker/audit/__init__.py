"""Audit: every read and change of a student's record (who, what, when, from where), and the refused
reads; the search page lives in the portal."""
