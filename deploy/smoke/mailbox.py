"""A local SMTP server (aiosmtpd) that keeps every letter, for the smoke."""

import email
import email.policy
import threading
import time
from dataclasses import dataclass

from aiosmtpd.controller import Controller


@dataclass
class Letter:
    to: list[str]
    subject: str
    body: str
    received_at: float


class _Handler:
    def __init__(self, mailbox: "Mailbox"):
        self.mailbox = mailbox

    async def handle_DATA(self, server, session, envelope):
        import asyncio

        if self.mailbox.delay:
            await asyncio.sleep(self.mailbox.delay)  # a slow mail server: letters are in flight longer
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        part = message.get_body(preferencelist=("plain",))
        letter = Letter(
            to=[address.lower() for address in envelope.rcpt_tos],
            subject=str(message["Subject"]),
            body=part.get_content() if part else "",
            received_at=time.monotonic(),
        )
        with self.mailbox.lock:
            self.mailbox.letters.append(letter)
        return "250 OK"


class Mailbox:
    def __init__(self, port: int):
        self.letters: list[Letter] = []
        self.lock = threading.Lock()
        self.delay = 0.0
        self.controller = Controller(_Handler(self), hostname="127.0.0.1", port=port)

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()

    def to(self, address: str) -> list[Letter]:
        with self.lock:
            return [letter for letter in self.letters if address.lower() in letter.to]

    def wait_for(self, address: str, *, timeout: float, count: int = 1) -> list[Letter]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            letters = self.to(address)
            if len(letters) >= count:
                return letters
            time.sleep(0.2)
        raise AssertionError(f"no letter to {address} within {timeout:.0f} s (got {len(self.to(address))})")
