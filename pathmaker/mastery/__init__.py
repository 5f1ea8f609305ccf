"""Mastery: the pure engine that turns evidence into a level, with its explanation; and later the per-student summaries and recompute jobs."""
