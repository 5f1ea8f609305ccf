"""Evidence: what a student showed about a competency, when, and who recorded it; never silently edited.
Who may record and change it is `access.py`; recording is a mastery write (`mastery/recording.py`)."""
