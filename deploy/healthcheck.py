"""Container health check: GET /healthz on this container, with a Host the site accepts. Exit 0 if 200.

``/healthz`` is liveness (no database); load balancers use ``/readyz`` (docs/operations.md).
"""

import http.client
import os
import sys

host = (os.environ.get("ALLOWED_HOSTS", "localhost").split(",")[0].strip() or "localhost").lstrip(".")
try:
    connection = http.client.HTTPConnection("127.0.0.1", int(os.environ.get("PORT", "8000")), timeout=3)
    connection.request("GET", "/healthz", headers={"Host": host})
    sys.exit(0 if connection.getresponse().status == 200 else 1)
except OSError:
    sys.exit(1)
