"""Falcon's ``falcon.cyutil.reader`` path: restcore's Python implementation."""

from restcore.util.reader import BufferedReader as BufferedReader

__all__ = ["BufferedReader"]
