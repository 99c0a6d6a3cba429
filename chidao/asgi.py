"""ASGI entry point: `make serve` runs it under gunicorn with uvicorn workers, so the live room's
server-sent events (chidao.meetings.live) hold no thread while they wait."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chidao.settings")
# Under ASGI each request's sync code runs on a thread of its own, so a persistent connection
# would never be reused, only left open (Django's docs: disable them under ASGI).
os.environ.setdefault("CHIDAO_CONN_MAX_AGE", "0")
# The same refusal as the WSGI entry point: no server with DEBUG off and no SECRET_KEY.
from chidao.startup import _refuse_without_key

_refuse_without_key()
application = get_asgi_application()
