"""Network guard for the test run: Python loads this file at start-up in every process whose
PYTHONPATH includes this folder (tests/conftest.py arranges that for the notebook kernels).

With ``COURSE_OFFLINE=1`` it refuses every connection and name lookup that leaves this machine,
so the test suite proves the course runs offline. Loopback and Unix sockets still work: the
Jupyter kernels talk to pytest over them.
"""

from __future__ import annotations

import os
import socket

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0", ""}


class NetworkBlockedError(OSError):
    """A connection the offline test run does not allow."""


def _is_local(host: object) -> bool:
    host = host.decode() if isinstance(host, bytes) else str(host)
    return host in LOCAL_HOSTS or host.startswith("127.")


def block_network() -> None:
    """Patch the socket module so that only local connections and lookups succeed."""
    if getattr(socket, "_course_offline", False):
        return
    connect, connect_ex, getaddrinfo = (
        socket.socket.connect,
        socket.socket.connect_ex,
        socket.getaddrinfo,
    )

    def guarded_connect(self, address):
        if isinstance(address, tuple) and not _is_local(address[0]):
            raise NetworkBlockedError(f"network access blocked in the offline test run: {address}")
        return connect(self, address)

    def guarded_connect_ex(self, address):
        if isinstance(address, tuple) and not _is_local(address[0]):
            raise NetworkBlockedError(f"network access blocked in the offline test run: {address}")
        return connect_ex(self, address)

    def guarded_getaddrinfo(host, *args, **kwargs):
        if host is not None and not _is_local(host):
            raise socket.gaierror(f"name lookup blocked in the offline test run: {host}")
        return getaddrinfo(host, *args, **kwargs)

    socket.socket.connect = guarded_connect
    socket.socket.connect_ex = guarded_connect_ex
    socket.getaddrinfo = guarded_getaddrinfo
    socket._course_offline = True


if os.environ.get("COURSE_OFFLINE") == "1":
    block_network()
