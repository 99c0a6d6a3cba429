"""ASGI entry point: `make serve` runs it under gunicorn with uvicorn workers, so the live room's
server-sent events (chidao.meetings.live) hold no thread while they wait."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chidao.settings")
application = get_asgi_application()
