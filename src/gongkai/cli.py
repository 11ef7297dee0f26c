"""The `gongkai` console script: manage.py for an installed Gongkai.

Commands may be typed with hyphens (``gongkai audit-verify``); Django's command modules
use underscores (``audit_verify``), so the first argument is translated.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
