"""Grouping: small groups from mastery (alike or mixed, with the teacher's pairs and an optional balance),
and station rotations for one class period."""
