"""Test settings: the real settings module, with a worker that runs tasks at once and an in-memory cache."""

import os
import tempfile

os.environ.setdefault("PATHMAKER_QUEUE_URL", "immediate")
os.environ.setdefault("PATHMAKER_CACHE_URL", "locmem")
os.environ.setdefault("PATHMAKER_DATA_DIR", tempfile.mkdtemp(prefix="pathmaker-test-"))

from pathmaker.settings import *  # noqa: E402,F403

# Hashing strength is not under test; the default takes ~0.5 s a password.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The test client's host; production's default allowed hosts do not include it.
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]  # noqa: F405
