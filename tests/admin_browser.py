"""An editor's browser over real HTTP, for tests and benchmarks that drive a running server's admin as staff do.

It keeps cookies, reads each admin page's forms (hidden fields, CSRF token, the version the page was loaded at)
and posts them back as a browser would: a sign-in, a workflow step (the change form's step buttons post to the
step's own address), a correction, and the change form again with one more photo (multipart, a real file). Plain
http.client, nothing followed by itself: each answer's status is the server's own. Used by
tests/test_two_servers.py and bench/several_machines.py.
"""

from __future__ import annotations

import http.client
import secrets
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urljoin, urlsplit

ADMIN = "/admin/"
ARTICLE_ADMIN = "/admin/articles/article/"


class Form:
    """One <form> of a page: its action and method, and the fields a browser would send (no buttons)."""

    def __init__(self, attrs: dict):
        self.action = attrs.get("action") or ""
        self.method = (attrs.get("method") or "get").lower()
        self.id = attrs.get("id") or ""
        self.fields: list[tuple[str, str]] = []

    def value(self, name: str) -> str | None:
        return next((value for key, value in self.fields if key == name), None)

    def replace(self, name: str, value: str) -> None:
        self.fields = [(key, value if key == name else old) for key, old in self.fields]


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        # A field outside its <form> names it by id (form="article_form"): placed once the page is read.
        self._placed_later: list[tuple[str, str, str]] = []
        self._owner: str | None = None  # the form="…" of the field being read
        self._textarea: tuple | None = None  # name, text parts, owner
        self._select: tuple | None = None  # name, selected values, first option, owner
        self._option: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {key: value or "" for key, value in attrs}
        if tag == "form":
            self._form = Form(attrs)
            self.forms.append(self._form)
            return
        if tag == "option" and self._select is not None:
            self._option = attrs
            if attrs.get("value") is not None:
                self._option_done(attrs["value"])
            return
        self._owner = attrs.get("form")
        if (self._form is None and not self._owner) or "disabled" in attrs:
            return
        name = attrs.get("name", "")
        # The empty row Django's inline formsets keep for "add another" is never sent by a browser.
        if tag == "input" and name and "__prefix__" not in name:
            kind = attrs.get("type", "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            default = "on" if kind in {"checkbox", "radio"} else ""
            self._add(name, attrs.get("value", default))
        elif tag == "textarea" and name and "__prefix__" not in name:
            self._textarea = (name, [], self._owner)
        elif tag == "select" and name and "__prefix__" not in name:
            self._select = (name, [], [], self._owner)

    def _option_done(self, value: str):
        name, selected, first, _ = self._select
        if not first:
            first.append(value)
        if "selected" in self._option:
            selected.append(value)
        self._option = None

    def _add(self, name: str, value: str) -> None:
        if self._owner:
            self._placed_later.append((self._owner, name, value))
        elif self._form is not None:
            self._form.fields.append((name, value))

    def close(self):
        super().close()
        for owner, name, value in self._placed_later:
            for form in self.forms:
                if form.id == owner:
                    form.fields.append((name, value))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1].append(data)
        elif self._option is not None:
            self._option_done(data.strip())

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None:
            name, parts, self._owner = self._textarea
            text = "".join(parts)
            # HTML drops one newline right after <textarea>; a browser sends the rest as it is.
            self._add(name, text[1:] if text.startswith("\n") else text)
            self._textarea = None
        elif tag == "select" and self._select is not None:
            name, selected, first, self._owner = self._select
            # A single <select> with nothing marked sends its first option, as a browser does.
            for value in selected or first[:1]:
                self._add(name, value)
            self._select = None


def forms_of(html: str) -> list[Form]:
    reader = _FormReader()
    reader.feed(html)
    reader.close()
    return reader.forms


def multipart(fields: list[tuple[str, str]], files: list[tuple[str, str, str, bytes]]) -> tuple[bytes, str]:
    """A multipart/form-data body (fields, then files as (field, filename, content type, bytes)) and its type."""
    boundary = f"----newsroom{secrets.token_hex(12)}"
    parts = []
    for name, value in fields:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode() + value.encode() + b"\r\n"
        )
    for name, filename, content_type, content in files:
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Response:
    def __init__(self, status: int, headers, body: bytes):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")


class Browser:
    """Requests to one server (`base`: http://127.0.0.1:PORT) as one browser: its own cookies, a fixed Host."""

    def __init__(self, base: str, host: str, user_agent: str = "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0"):
        parts = urlsplit(base)
        self.address = (parts.hostname, parts.port or 80)
        self.host, self.user_agent = host, user_agent
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, *, body: bytes | None = None, headers: dict | None = None) -> Response:
        connection = http.client.HTTPConnection(*self.address, timeout=60)
        try:
            sent = {"Host": self.host, "User-Agent": self.user_agent, **(headers or {})}
            if self.cookies:
                sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
            connection.request(method, path, body=body, headers=sent)
            answer = connection.getresponse()
            response = Response(answer.status, answer.headers, answer.read())
        finally:
            connection.close()
        for line in response.headers.get_all("Set-Cookie") or []:
            # The production cookies are marked Secure; a test speaking http on loopback keeps them all the same.
            for name, morsel in SimpleCookie(line).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return response

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, fields: list[tuple[str, str]], files: list | None = None) -> Response:
        if files:
            body, content_type = multipart(fields, files)
        else:
            body, content_type = urlencode(fields).encode(), "application/x-www-form-urlencoded"
        # What a browser sends with a form: where from (Django's CSRF check compares it with the host).
        origin = f"http://{self.host}"
        return self.request("POST", path, body=body, headers={"Content-Type": content_type, "Origin": origin})

    def page_form(self, path: str, *, action_ends: str | None = None, form_id: str | None = None) -> Form:
        """The form of the page at `path` whose action ends with `action_ends` (or whose id is `form_id`)."""
        page = self.get(path)
        assert page.status == 200, f"GET {path}: {page.status}\n{page.text[:2000]}"
        for form in forms_of(page.text):
            if (form_id is not None and form.id == form_id) or (
                action_ends is not None and urljoin(path, form.action or path).endswith(action_ends)
            ):
                form.action = urljoin(path, form.action or path)
                return form
        raise AssertionError(f"no form {form_id or action_ends!r} on {path}")

    def submit(self, form: Form, extra: list[tuple[str, str]] = (), files: list | None = None) -> Response:
        return self.post(form.action, [*form.fields, *extra], files)


class Editor(Browser):
    """A staff member in the real admin: signs in, then takes the steps an editor's buttons take."""

    def log_in(self, username: str, password: str) -> None:
        form = self.page_form(f"{ADMIN}login/", form_id="login-form")
        form.replace("username", username)
        form.replace("password", password)
        answer = self.submit(form)
        assert answer.status == 302, f"sign-in as {username} refused ({answer.status}):\n{answer.text[:2000]}"

    def change_page(self, article_id: int) -> str:
        return f"{ARTICLE_ADMIN}{article_id}/change/"

    def step(self, article_id: int, action: str, note: str = "") -> Response:
        """A workflow step (publish, take_down, republish…) by its button on the change page, with its note: a
        button of the change form itself (what is on screen is saved first, then the step is taken)."""
        form = self.page_form(self.change_page(article_id), form_id="article_form")
        if note:
            form.replace(f"step-{action}-note", note)
        answer = self.submit(form, [("_workflow_step", action)])
        assert answer.status == 302, f"{action} of {article_id} refused ({answer.status}):\n{answer.text[:3000]}"
        return answer

    def correct(self, article_id: int, kind: str, wrong_text: str, correct_text: str) -> Response:
        form = self.page_form(f"{ARTICLE_ADMIN}{article_id}/cai-chinh/", action_ends=f"/{article_id}/cai-chinh/")
        form.fields = [(k, v) for k, v in form.fields if k not in {"kind", "wrong_text", "correct_text"}]
        answer = self.submit(form, [("kind", kind), ("wrong_text", wrong_text), ("correct_text", correct_text)])
        assert answer.status == 302, f"correction of {article_id} refused ({answer.status}):\n{answer.text[:3000]}"
        return answer

    def add_photo(self, article_id: int, filename: str, jpeg: bytes, *, alt_text: str, caption: str = "") -> Response:
        """The change form saved as it stands, with one more photo row and its file (as "Add another photo")."""
        path = self.change_page(article_id)
        form = self.page_form(path, form_id="article_form")
        index = int(form.value("photos-TOTAL_FORMS"))
        form.replace("photos-TOTAL_FORMS", str(index + 1))
        row = f"photos-{index}-"
        extra = [
            (f"{row}article", str(article_id)),
            (f"{row}caption", caption),
            (f"{row}credit", ""),
            (f"{row}alt_text", alt_text),
            (f"{row}after_paragraph", "0"),
            (f"{row}position", str(index)),
            (f"{row}is_lead", "on"),
            ("_continue", "1"),
        ]
        answer = self.submit(form, extra, files=[(f"{row}image", filename, "image/jpeg", jpeg)])
        assert answer.status == 302, f"photo for {article_id} refused ({answer.status}):\n{answer.text[:3000]}"
        return answer
