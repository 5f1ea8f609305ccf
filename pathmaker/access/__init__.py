"""Access: the one student scope: who may see which student, section and enrollment (FERPA scopes),
from the roster's relations; each domain's own `access.py` builds on it."""
