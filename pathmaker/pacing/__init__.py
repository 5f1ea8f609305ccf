"""Pacing: each course's pacing guide, the hard (teacher-set) and soft (the student's own) deadlines,
extension requests, and each student's on-track projection against the term's end."""
