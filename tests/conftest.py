"""Shared test settings."""

import os

from hypothesis import settings

# A busy 2-core machine must not flake a property test: no deadline, and in CI
# the same examples every run.
settings.register_profile("default", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "default")
