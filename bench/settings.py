"""Bench-only settings: Tumbuh's settings plus a URLconf with a trivial baseline view."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

# Only the bench process creates users (thousands of them); no measured path hashes a password.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
