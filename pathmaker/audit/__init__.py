"""Audit: every read and change of a student's record (who, what, when, from where), searchable by district administrators."""
