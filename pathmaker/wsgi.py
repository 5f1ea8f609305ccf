"""WSGI entry point (waitress in the demo, any WSGI server in production)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pathmaker.settings")
application = get_wsgi_application()
