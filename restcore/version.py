"""restcore version."""

__version__ = "0.1.0"
FALCON_API_VERSION = "4.4.0"
