"""Progress bars through tqdm when it is installed; silence otherwise."""

from __future__ import annotations

import threading
from typing import Any, Optional


class _Bar:
    """A ``(done, total)`` callback for the Rust side that drives a tqdm bar."""

    def __init__(self, tqdm: Any, what: str) -> None:
        self._tqdm = tqdm
        self._what = what
        self._bar: Any = None
        self._lock = threading.Lock()

    def __call__(self, done: int, total: int) -> None:
        with self._lock:  # the solver's threads report concurrently
            if self._bar is None:
                self._bar = self._tqdm(total=total, desc=self._what, leave=False)
            if done > self._bar.n:
                self._bar.update(done - self._bar.n)

    def update(self, n: int = 1, total: Optional[int] = None) -> None:
        """Advances by ``n`` units (Python-side chunks)."""
        with self._lock:
            if self._bar is None:
                self._bar = self._tqdm(total=total, desc=self._what, leave=False)
            self._bar.update(n)

    def close(self) -> None:
        """Closes the bar."""
        if self._bar is not None:
            self._bar.close()


def progress_callback(what: str, progress: Optional[bool], default: bool) -> Optional[_Bar]:
    """A bar when asked for (``progress=True``), or by default when
    ``default`` and tqdm is installed; None (silent) otherwise."""
    want = default if progress is None else progress
    if not want:
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return None
    return _Bar(tqdm, what)
