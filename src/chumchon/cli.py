"""The ``chumchon`` command: friendly names for the management commands.

``chumchon demo``, ``chumchon serve``, ``chumchon load-areas``, ``chumchon worker``,
``chumchon backup``/``restore`` … Any other word is passed to Django's ``manage.py`` (hyphens become
underscores), so ``chumchon migrate`` and ``chumchon createsuperuser`` work too.
"""

from __future__ import annotations

import os
import sys

ALIASES = {
    "worker": "db_worker",
}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chumchon.settings")
    args = list(sys.argv if argv is None else argv)
    if len(args) > 1 and not args[1].startswith("-"):
        name = args[1]
        args[1] = ALIASES.get(name, name.replace("-", "_"))
    from django.core.exceptions import ImproperlyConfigured

    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(args)
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"chumchon: {exc}\n")
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
