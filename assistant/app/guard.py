"""Counting a client's writes and wrong tokens: the sliding window behind the write rate limit,
and the lock-out after a few wrong administrator tokens (the token cannot be guessed at hundreds
of tries a second). The API applies them per client address; the web UI per session."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

from assistant.errors import TooManyRequestsError


class SlidingWindow:
    """At most ``limit`` events per ``window`` seconds for each key (thread-safe)."""

    def __init__(
        self, limit: int, window: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._events: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str) -> float | None:
        """Record an event; None when allowed, else the seconds until one is allowed again."""
        now = self.clock()
        with self._lock:
            events = self._events.setdefault(key, deque())
            while events and events[0] <= now - self.window:
                events.popleft()
            if len(events) >= self.limit:
                return events[0] + self.window - now
            events.append(now)
            if len(self._events) > 10_000:  # forget idle clients
                self._events = {k: v for k, v in self._events.items() if v}
            return None


class TokenLockout:
    """Refuse a client's token checks for ``lock_seconds`` once it has sent ``attempts`` wrong
    tokens within that time. A right token clears the client's count."""

    def __init__(
        self,
        attempts: int = 5,
        lock_seconds: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.attempts = attempts
        self.lock_seconds = lock_seconds
        self.clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._locked: dict[str, float] = {}
        self._lock = threading.Lock()

    def check(self, client: str) -> None:
        """Raise TooManyRequestsError while the client is locked out."""
        with self._lock:
            until = self._locked.get(client)
            if until is None:
                return
            wait = until - self.clock()
            if wait <= 0:
                del self._locked[client]
                self._failures.pop(client, None)
                return
        raise TooManyRequestsError(
            "too many wrong administrator tokens from this client",
            retry_after=wait,
            fix=f"wait {max(1, round(wait))} s, then send the right TDKT_ADMIN_TOKEN",
        )

    def failed(self, client: str) -> None:
        now = self.clock()
        with self._lock:
            failures = self._failures.setdefault(client, deque())
            while failures and failures[0] <= now - self.lock_seconds:
                failures.popleft()
            failures.append(now)
            if len(failures) >= self.attempts:
                self._locked[client] = now + self.lock_seconds
            if len(self._failures) > 10_000:  # forget clients with no recent failure
                self._failures = {k: v for k, v in self._failures.items() if v}

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._failures.pop(client, None)
