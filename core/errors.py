"""One error family for business rules; views turn it into a message for the shopper."""

from __future__ import annotations


class ApplicationError(Exception):
    """A rule was broken by the input; ``message`` is safe to show to the shopper."""

    def __init__(self, message: str, *, field: str | None = None, extra: dict | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.extra = extra or {}
