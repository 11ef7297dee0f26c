"""Settings for the test suite: the normal settings with GONGKAI_ENV=test."""

import os

os.environ["GONGKAI_ENV"] = "test"

from gongkai.settings import *  # noqa: F403
