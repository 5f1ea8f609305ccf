"""Paths: each student's personal learning plan per course, playlists of resources for each competency
on it, pacing with hard and soft deadlines, and "what next" with its reason."""
