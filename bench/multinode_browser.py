"""A person's browser for bench/multinode.py: one cookie jar sent to whichever node a request goes
to, as behind a load balancer, with the Host and X-Forwarded-Proto the proxy would set; and the
forms of a page filled as a browser submits them untouched."""

from __future__ import annotations

import http.client
import urllib.parse
from dataclasses import dataclass
from html.parser import HTMLParser
from http.cookies import SimpleCookie

from bench.multinode_infra import WEB_PORT, Host

SITE_HOST = "talentladder.test"  # the name the load balancer answers to; no DNS needed


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    node: str

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @property
    def location(self) -> str:
        return urllib.parse.urlsplit(self.headers.get("location", "")).path or ""


class Browser:
    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(
        self, node: Host, method: str, path: str, form: list[tuple[str, str]] | None = None
    ) -> Response:
        connection = http.client.HTTPConnection(node.address, WEB_PORT, timeout=60)
        headers = {"Host": SITE_HOST, "X-Forwarded-Proto": "https", "User-Agent": "multinode-check"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers.update(
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Origin": f"https://{SITE_HOST}",
                    "Referer": f"https://{SITE_HOST}{path}",
                }
            )
        try:
            connection.request(method, path, body=body, headers=headers)
            raw = connection.getresponse()
            content = raw.read()
            for header in raw.msg.get_all("Set-Cookie") or []:
                self._remember(header)
            return Response(raw.status, {k.lower(): v for k, v in raw.getheaders()}, content, node.name)
        finally:
            connection.close()

    def get(self, node: Host, path: str) -> Response:
        return self.request(node, "GET", path)

    def submit(self, node: Host, page: Response, path: str, marker: str, **values) -> Response:
        """Post the form of `page` that has a field named `marker`, with its defaults and `values`."""
        fields = find_form(page.text, marker, action=path if marker == "csrfmiddlewaretoken" else "")
        fields = [(k, v) for k, v in fields if k not in values] + [(k, str(v)) for k, v in values.items()]
        return self.request(node, "POST", path, fields)

    def _remember(self, header: str) -> None:
        cookie = SimpleCookie()
        cookie.load(header)
        for name, morsel in cookie.items():
            if morsel["max-age"] == "0" or "1970" in morsel["expires"]:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.value


class _Forms(HTMLParser):
    """Each <form>'s fields as a browser would submit them untouched: text values, checked boxes,
    selected options (the first of a single select when none is), textareas."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self.actions: list[str] = []
        self._select: dict | None = None
        self._textarea: list | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append([])
            self.actions.append(a.get("action") or "")
        elif not self.forms:
            return
        elif tag == "input" and a.get("name") and a.get("type", "text") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.forms[-1].append((a["name"], a.get("value", "on" if a.get("type") == "checkbox" else "")))
        elif tag == "select" and a.get("name"):
            self._select = {"name": a["name"], "multiple": "multiple" in a, "first": None, "chosen": []}
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in a:
                self._select["chosen"].append(value)
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None and self.forms:
            chosen = self._select["chosen"] or ([] if self._select["multiple"] else [self._select["first"]])
            self.forms[-1] += [(self._select["name"], value) for value in chosen if value is not None]
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self.forms:
            self.forms[-1].append((self._textarea[0], self._textarea[1].lstrip("\n")))
            self._textarea = None


def find_form(page: str, marker: str, action: str = "") -> list[tuple[str, str]]:
    """The fields of the first form with a field named `marker` (and posting to `action`, if given)."""
    parser = _Forms()
    parser.feed(page)
    for fields, form_action in zip(parser.forms, parser.actions, strict=True):
        if any(name == marker for name, _value in fields) and (not action or form_action == action):
            return fields
    raise AssertionError(f"no form with a field {marker!r} on the page")
