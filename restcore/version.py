"""restcore's version, and the Falcon API level it implements."""

__version__ = "0.1.0"
FALCON_API_VERSION = "4.4.0"
