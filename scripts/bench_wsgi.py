"""gunicorn's entry for `make bench --serve`: the project with the bench's bare view."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skintrack.settings")

from django.conf import settings  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
settings.ROOT_URLCONF = "skintrack.bench_urls"  # read at the first request
