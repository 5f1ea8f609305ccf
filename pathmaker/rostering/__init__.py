"""Rostering: the district's structure and people, as the student information system delivers them (OneRoster)."""
