"""The release step (twelve-factor V): migrate this process's database, then exit.

    $ CAMPUS_SERVICE=catalog SECRET_KEY=... DATABASE_URL=... python -m campus.process.release

Run once per release before the web processes start (`campus up` does; so do the compose
``migrate`` services and the Kubernetes Job). A service without data has nothing to do.
"""

import os
import sys


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "campus.process.settings")
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    alias = settings.CAMPUS_SERVICE
    if alias not in settings.DATABASES:
        print(f"{alias} owns no database: nothing to migrate", file=sys.stderr)
        return 0
    # The system checks run in CI and in `check --deploy`; a release only migrates (they would
    # cost a second of start-up per process on a small machine).
    call_command("migrate", database=alias, interactive=False, verbosity=1, skip_checks=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
