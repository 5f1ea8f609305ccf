"""Access: the one place that decides who may see which student, section and record (FERPA scopes)."""
