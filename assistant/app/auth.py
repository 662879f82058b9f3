"""The administrator token check, shared by the API and the web UI."""

from __future__ import annotations

import hmac

from assistant.app.guard import TokenLockout
from assistant.errors import AuthError, UploadsOffError


def check_admin_token(
    configured: str | None,
    token: str | None,
    *,
    lockout: TokenLockout | None = None,
    client: str = "unknown",
) -> None:
    """Raise unless ``token`` is the configured administrator token (compared in constant time).

    With a ``lockout``, a client that sent too many wrong tokens is refused (429) before its
    token is even compared, and every wrong token counts against it.
    """
    if not configured:
        raise UploadsOffError(
            "uploads are turned off on this server",
            fix="set TDKT_ADMIN_TOKEN and restart `tdkt serve` to allow them",
        )
    if lockout is not None:
        lockout.check(client)
    if not token:
        raise AuthError(
            "this needs the administrator token", fix='send "Authorization: Bearer <token>"'
        )
    if not hmac.compare_digest(token.strip().encode("utf-8"), configured.encode("utf-8")):
        if lockout is not None:
            lockout.failed(client)
        raise AuthError("the administrator token is wrong", fix="check TDKT_ADMIN_TOKEN")
    if lockout is not None:
        lockout.succeeded(client)
