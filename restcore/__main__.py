"""``python -m restcore``: the ``restcore`` command."""

from restcore.cli.__main__ import main

raise SystemExit(main())
