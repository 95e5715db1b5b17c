"""Bodies the probe app sends, shared with the checks (no app import needed)."""

BIG_SIZE = 5 * 1024 * 1024
BIG_BODY = bytes(range(256)) * (BIG_SIZE // 256)
STREAM_CHUNKS = 200
