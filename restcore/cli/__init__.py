"""The ``restcore`` command: ``serve`` (dev server, auto-reload) and ``routes``.

Run ``restcore --help`` or ``python -m restcore --help``; ``docs/cli.md``
describes every option.
"""
