"""The browser console during one lesson: errors and uncaught exceptions, minus a short
allow-list of messages that are harmless here.

Allowed (each seen in this test's runs, and nothing else):

- ``Failed to load resource: net::...`` for an *image from another host* that did not load:
  every lesson starts with an "Open in Colab" badge, an image on colab.research.google.com,
  and the test machine is offline. The failed request is recorded (``LessonConsole.offline``)
  and the badge is a link, not content. An external script or a local resource that fails to
  load is still an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]"}


def is_external(url: str) -> bool:
    """True for an http(s) address on another host than this machine."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and parts.hostname not in LOCAL_HOSTS


@dataclass
class LessonConsole:
    """Console errors and page errors of one page, collected from when ``attach`` is called."""

    errors: list[str] = field(default_factory=list)  # not allowed: each one fails the lesson
    allowed: list[str] = field(default_factory=list)  # allowed errors, for the summary
    offline: set[str] = field(default_factory=set)  # external images that could not load

    def attach(self, page: Any) -> LessonConsole:
        """Start listening to ``page`` (a Playwright page)."""
        page.on("requestfailed", self._on_request_failed)
        page.on("console", self._on_console)
        page.on("pageerror", self._on_page_error)
        return self

    def _on_request_failed(self, request: Any) -> None:
        if request.resource_type == "image" and is_external(request.url):
            self.offline.add(request.url)

    def _on_console(self, message: Any) -> None:
        if message.type != "error":
            return
        url = message.location.get("url", "")
        text = f"console error: {message.text}" + (f" ({url})" if url else "")
        if self.is_allowed(message.text, url):
            self.allowed.append(text)
        else:
            self.errors.append(text)

    def _on_page_error(self, error: Any) -> None:
        self.errors.append(f"uncaught exception in the page: {error}")

    def is_allowed(self, text: str, url: str) -> bool:
        """True for an error on the allow-list (module docstring)."""
        # A console message about a failed resource comes before or after its requestfailed
        # event; an external image is recognised by its address either way.
        return text.startswith("Failed to load resource: net::") and (
            url in self.offline or (is_external(url) and looks_like_image(url))
        )


def looks_like_image(url: str) -> bool:
    """True for an address whose path ends like an image file."""
    path = urlsplit(url).path.lower()
    return path.endswith((".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp"))
