"""Rostering: the district's structure and people, as the student information system delivers them
(OneRoster), and the advisorships the schools add: every relation the access scope reads."""
