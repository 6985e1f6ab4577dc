"""ASGI entry point: HTTP and WebSocket from one server (daphne, or several behind one port)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# Set up Django before importing anything that touches models (consumers, auth middleware).
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from mentoring.consumers import DatabaseUnavailableGuard, SameOriginValidator  # noqa: E402
from mentoring.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        # A database outage closes sockets with 4503 ("try again"), not a traceback (mentoring.consumers).
        # The Origin must be our own scheme, host and port (or a CSRF-trusted origin).
        "websocket": DatabaseUnavailableGuard(
            SameOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns)))
        ),
    }
)
