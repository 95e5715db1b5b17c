"""A `unittest.TestCase` with a fresh `restcore.App` and the simulate methods."""

from __future__ import annotations

import unittest
from typing import Any

from restcore.testing.client import Result, TestClient

__all__ = ("Result", "TestCase")


class TestCase(unittest.TestCase, TestClient):
    """A unittest case whose ``setUp`` creates ``self.app = restcore.App()``.

    Add routes to ``self.app`` in the test (or override ``setUp``), then call
    ``self.simulate_get()`` and friends.
    """

    __test__ = True  # TestClient opts out of collection; test cases opt back in

    app: Any
    """The app under test, created anew for each test."""

    def setUp(self) -> None:
        """Create a fresh app for the test."""
        super().setUp()
        from restcore.app import App

        # TestClient.__init__ directly: super() would re-run TestCase.__init__.
        TestClient.__init__(self, App())
