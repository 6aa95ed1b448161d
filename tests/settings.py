"""Settings for pytest: the project's own, imported as the embedded demo (DEBUG on, demo key).

pytest-django loads settings before any conftest.py, so the default has to be set here; it then
runs every test with ``settings.DEBUG = False``, as production does. Subprocesses started by
tests inherit DEBUG=1 unless they set it (the production-path tests set DEBUG=0 and a key).
"""

import os

os.environ.setdefault("DEBUG", "1")

from rse_platform.settings import *  # noqa: E402, F403
