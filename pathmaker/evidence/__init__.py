"""Evidence: what a student showed about a competency, when, and who recorded it; never silently edited."""
