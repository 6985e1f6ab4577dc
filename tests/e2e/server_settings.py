"""Settings for the daphne subprocess that serves the browser journeys.

The test settings, pointed at the pytest test database (its name comes from the test process), with
emails and text messages (SMS) written to files so the test can read the verification link and the
sign-in codes from another process.
"""

import os

from config.test_settings import *  # noqa: F403
from config.test_settings import DATABASES

DATABASES["default"]["NAME"] = os.environ["E2E_DB_NAME"]
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["E2E_MAIL_DIR"]
TUMBUH_SMS_BACKEND = "accounts.sms.FileBackend"
TUMBUH_SMS_FILE_PATH = os.environ["E2E_SMS_DIR"]
# The notifications journey: items go off-page 8 s after they were not seen (the real worker
# process sends them): long enough for the journey to open the inbox on a busy machine (at 2 s, with
# the journeys in parallel and a load of 8–15, the first item went out before the inbox was opened),
# short enough to wait for. The SMS night rule is off because the journeys run at any hour.
TUMBUH_NOTIFY_DELAY = 8
TUMBUH_SMS_QUIET_HOURS = False
# The BSiMU journey answers the receipt question as the SMS gateway would (POST /sms/inbound/).
TUMBUH_SMS_INBOUND_SECRET = os.environ.get("E2E_SMS_INBOUND_SECRET", "")  # the worker and scheduler need none
