"""Who may write: every route that changes the store (uploads, merges and splits, verdicts, deletions)
depends on :func:`require_write`.

* A token is set (``ACTORGRAPH_WRITE_TOKEN``): a write must send it as
  ``Authorization: Bearer TOKEN`` (compared in constant time): 401 without it, 403 with another.
* No token, the server on loopback (127.0.0.0/8, ::1, localhost): writes are open.
* No token, any other interface: the server is read-only (403), and says so when it starts.

A write sent by a page of another origin (its ``Origin`` header names another host) is refused
whatever the token: a page elsewhere cannot make the analyst's browser write here.
"""

from __future__ import annotations

import hmac
import ipaddress
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request

MODES = ("open", "token", "read-only")


class WriteRefused(Exception):
    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def is_loopback(host: str) -> bool:
    """Whether ``host`` (an interface to listen on) is reachable from this machine only.

    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("0.0.0.0"), is_loopback("::")
    (True, True, False, False)
    """
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: whatever it resolves to, not known to be loopback


@dataclass(frozen=True)
class WriteAccess:
    mode: str  # open, token, read-only
    host: str = "127.0.0.1"
    token: str | None = None

    @classmethod
    def for_host(cls, host: str, token: str | None) -> WriteAccess:
        if token:
            return cls("token", host, token)
        return cls("open" if is_loopback(host) else "read-only", host)

    def describe(self) -> str:
        """One line for the operator: who may write."""
        if self.mode == "token":
            return "writes need the token of ACTORGRAPH_WRITE_TOKEN (header Authorization: Bearer TOKEN)"
        if self.mode == "open":
            return f"writes open to this machine ({self.host} is loopback)"
        return (
            f"read-only: {self.host} is not loopback and ACTORGRAPH_WRITE_TOKEN is not set "
            "(uploads, merges, splits, verdicts and deletions are refused with 403)"
        )

    def check(self, request: Request) -> None:
        origin = request.headers.get("origin")
        if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host"):
            raise WriteRefused(403, "cross_origin", f"writes from pages of {origin} are refused")
        if self.mode == "open":
            return
        if self.mode == "read-only":
            raise WriteRefused(403, "read_only", f"this server is read-only: {self.describe()}")
        sent = request.headers.get("authorization", "")
        scheme, _, given = sent.partition(" ")
        if not sent or scheme.lower() != "bearer" or not given.strip():
            raise WriteRefused(
                401, "token_required", "this write needs the server's token: Authorization: Bearer TOKEN"
            )
        if not hmac.compare_digest(given.strip().encode("utf-8"), self.token.encode("utf-8")):
            raise WriteRefused(403, "bad_token", "the token sent is not the server's write token")


def require_write(request: Request) -> None:
    request.app.state.access.check(request)


Writable = Annotated[None, Depends(require_write)]
