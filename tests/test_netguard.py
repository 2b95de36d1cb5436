"""The test run cannot reach the network, except loopback; and child processes inherit the guard."""

import os
import socket
import subprocess
import sys
import urllib.request

import pytest


def test_guard_is_active_in_this_process_and_exported_to_kernels():
    assert os.environ["ML_AT_WORK_BLOCK_NETWORK"] == "1"
    assert "netguard" in os.environ["PYTHONPATH"]
    assert os.environ["PYTHONHASHSEED"] == "0" and os.environ["OMP_NUM_THREADS"] == "1"


@pytest.mark.parametrize("address", [("192.0.2.1", 80), ("10.0.0.1", 443), ("2001:db8::1", 80)])
def test_connections_to_other_hosts_are_refused(address):
    family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock, pytest.raises(OSError, match="network access is blocked"):
        sock.connect(address)


def test_name_lookups_and_urls_are_refused():
    with pytest.raises(OSError, match="blocked"):
        socket.getaddrinfo("example.org", 443)
    with pytest.raises(OSError, match="blocked"):
        urllib.request.urlopen("https://example.org", timeout=1)


def test_loopback_still_works():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        with socket.create_connection(server.getsockname(), timeout=1):
            pass


def test_a_child_python_is_guarded_too():
    code = "import socket; socket.create_connection(('192.0.2.1', 80), timeout=1)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=os.environ)
    assert result.returncode != 0 and "network access is blocked" in result.stderr
