"""A production-shaped stack on one machine, for tests and for reading.

Two "hosts" (network namespaces, or 127.0.0.2/127.0.0.3 when namespaces are
refused) each run gunicorn with the notes example, nginx on 127.0.0.1
balances them, and one PostgreSQL serves both. Standard library only; needs
root, nginx, PostgreSQL and iproute2. Usage::

    python -m deploy up      # start everything, print where
    python -m deploy check   # every piece answers
    python -m deploy down    # stop everything by PID, assert nothing is left

``docs/deployment.md`` is the recipe this runs; ``tests/deploy`` drives it.
"""
