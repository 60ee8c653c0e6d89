#!/usr/bin/env python3
"""Holds N idle keep-alive connections to 127.0.0.1:PORT for the idle-connection benchmark.

Each connection sends one GET / and reads its answer (so the server has served it and now waits for the
next request), then stays idle. Prints "ready N" once all are open, then holds them until SECONDS pass
or stdin closes. Traffic goes to 127.0.0.1 only.

Usage: idle_clients.py PORT N SECONDS
"""
import select
import socket
import sys
import time


def main():
    port, count, seconds = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    request = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"
    held = []
    for _ in range(count):
        s = socket.create_connection(("127.0.0.1", port), timeout=30)
        s.sendall(request)
        answer = b""
        while b"\r\n\r\n" not in answer or not answer.endswith(b"Hello, World!"):
            chunk = s.recv(4096)
            if not chunk:
                sys.exit("the server closed a connection before answering")
            answer += chunk
        held.append(s)
    print("ready", len(held), flush=True)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        readable, _, _ = select.select([sys.stdin], [], [], 1.0)
        if readable and not sys.stdin.readline():
            break
    closed = sum(1 for s in held if is_closed(s))
    print("closed by the server meanwhile:", closed, flush=True)


def is_closed(s):
    s.setblocking(False)
    try:
        return s.recv(1) == b""
    except BlockingIOError:
        return False


if __name__ == "__main__":
    main()
