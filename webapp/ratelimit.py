"""Per-client token-bucket rate limit (in-process; each gunicorn worker keeps its own buckets)."""
from __future__ import annotations

import threading
import time


class RateLimiter:
    """Allows `rate` requests per second per key with bursts up to `burst`; rate 0 disables it."""

    def __init__(self, rate: float, burst: int, max_keys: int = 10_000):
        self.rate = float(rate)
        self.burst = max(1, int(burst))
        self.max_keys = max_keys
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str, now: float | None = None) -> bool:
        if self.rate <= 0:
            return True
        now = time.monotonic() if now is None else now
        with self._lock:
            tokens, last = self._buckets.get(key, (float(self.burst), now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if len(self._buckets) >= self.max_keys and key not in self._buckets:
                self._buckets.clear()  # bounded memory under many clients
            if tokens < 1:
                self._buckets[key] = (tokens, now)
                return False
            self._buckets[key] = (tokens - 1, now)
            return True
