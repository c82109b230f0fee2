"""A real SMTP server for the send tests (aiosmtpd), on 127.0.0.1 only.

    python smtp_server.py OUT_DIR

Listens on a free loopback port, requires AUTH PLAIN/LOGIN as designer / secret (over plain
SMTP, loopback only), writes each received message's bytes to OUT_DIR/N.eml, prints
"ready PORT" once it accepts connections, and stops when its standard input closes, so it
never outlives the test that started it.
"""
import pathlib
import socket
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


class Save:
    def __init__(self, out):
        self.out = out
        self.n = 0

    async def handle_DATA(self, server, session, envelope):
        self.n += 1
        (self.out / f"{self.n}.eml").write_bytes(envelope.original_content)
        (self.out / f"{self.n}.rcpt").write_text("\n".join(envelope.rcpt_tos))
        return "250 OK"


def authenticate(server, session, envelope, mechanism, auth_data):
    ok = auth_data.login == b"designer" and auth_data.password == b"secret"
    return AuthResult(success=ok)


def main():
    out = pathlib.Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    controller = Controller(
        Save(out),
        hostname="127.0.0.1",
        port=port,
        authenticator=authenticate,
        auth_required=True,
        auth_require_tls=False,
    )
    controller.start()
    print(f"ready {port}", flush=True)
    sys.stdin.read()
    controller.stop()


if __name__ == "__main__":
    main()
