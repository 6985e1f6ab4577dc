"""``manage.py run_scheduler``: enqueue the periodic jobs of notifications/schedule.py.

Safe to start on several machines: each job runs once per period (``ScheduledRun``).
"""

from __future__ import annotations

import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from notifications import scheduler


class Command(BaseCommand):
    help = "Run the periodic jobs (notifications/schedule.py); several schedulers run each job once."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--interval", type=float, default=10.0, help="seconds between ticks (default 10)")
        parser.add_argument("--once", action="store_true", help="one tick, then exit")

    def handle(self, *args, interval: float, once: bool, **options) -> None:
        if interval <= 0:
            self.stderr.write("--interval must be more than 0 seconds")
            raise SystemExit(2)
        self.running = True

        def stop(*_args) -> None:
            self.running = False

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        self.stdout.write(f"scheduler started (tick every {interval:g} s)")
        while self.running:
            started = scheduler.tick()
            if started and options.get("verbosity", 1) > 1:
                self.stdout.write("started: " + ", ".join(started))
            if once:
                break
            deadline = time.monotonic() + interval
            while self.running and time.monotonic() < deadline:
                time.sleep(min(0.5, interval))
            close_old_connections()  # a long-lived process: drop a connection the database closed
        self.stdout.write("scheduler stopped")
