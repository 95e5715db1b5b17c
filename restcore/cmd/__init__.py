"""Console commands kept at Falcon's module paths (``falcon.cmd``)."""
