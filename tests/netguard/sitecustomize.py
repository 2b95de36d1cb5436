"""Network guard for the test run: only loopback sockets are allowed.

`make test` (through conftest.py) puts this folder on PYTHONPATH and sets
ML_AT_WORK_BLOCK_NETWORK=1, so Python loads this file at start-up in the test process and in every
notebook kernel. Any attempt to reach another host raises `NetworkBlocked` (an OSError, so code
that handles network failures, like helpers.data, reports it the usual way).
"""

import ipaddress
import os
import socket

_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", ""}


class NetworkBlocked(ConnectionRefusedError):
    """Raised for any connection to a host that is not loopback while tests run."""


def _is_loopback(host) -> bool:
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    host = str(host).strip("[]").lower()
    if host in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _refuse(host) -> None:
    raise NetworkBlocked(
        f"network access is blocked during tests (tried to reach {host!r}); tests and notebooks "
        "must read data from ML_AT_WORK_DATA or the cache and talk only to servers on 127.0.0.1"
    )


def install() -> None:
    if getattr(socket, "_ml_at_work_guarded", False):
        return
    original_connect = socket.socket.connect
    original_connect_ex = socket.socket.connect_ex
    original_getaddrinfo = socket.getaddrinfo

    def _check(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address[0]):
            _refuse(address[0])

    def connect(self, address):
        _check(self, address)
        return original_connect(self, address)

    def connect_ex(self, address):
        _check(self, address)
        return original_connect_ex(self, address)

    def getaddrinfo(host, *args, **kwargs):
        if host is not None and not _is_loopback(host):
            _refuse(host)
        return original_getaddrinfo(host, *args, **kwargs)

    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    socket.getaddrinfo = getaddrinfo
    socket._ml_at_work_guarded = True


if os.environ.get("ML_AT_WORK_BLOCK_NETWORK") == "1":
    install()
