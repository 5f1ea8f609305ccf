"""Mastery: the pure engine that turns evidence into a level, with its explanation; the rules and
scales in force, recording evidence, the per-student summaries, overrides, flags and requests, the
gradebook, and the district recompute job."""
