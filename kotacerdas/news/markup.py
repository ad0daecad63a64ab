"""A small, safe subset of Markdown for news posts.

Every line is HTML-escaped first; only then are the few constructs below turned into tags, so no HTML from
the text can ever reach the page:

* a blank line starts a new paragraph; a single line break stays a line break;
* ``## Heading`` and ``### Heading`` (``#`` is read as ``##``: the post's title is the page's only h1);
* ``- item`` or ``* item`` lists, ``1. item`` numbered lists, ``> quote``;
* ``**bold**``, ``*italic*``;
* ``[text](https://…)``: links to http(s) addresses or to paths of this site; anything else (``javascript:``,
  ``data:``, ``//host``) stays text.
"""

import re
from html import unescape

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_HEADING = re.compile(r"^(#{1,3})\s+(.+?)\s*#*\s*$")
_BULLET = re.compile(r"^[-*]\s+(.*)$")
_NUMBERED = re.compile(r"^\d{1,3}[.)]\s+(.*)$")
_QUOTE = re.compile(r"^&gt;\s?(.*)$")  # the line is escaped already
_LINK = re.compile(r"\[([^\[\]\n]{1,300})\]\(([^()\s]{1,2000})\)")
_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_EM = re.compile(r"(?<![*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*\w])")
_PLACEHOLDER = "\x00{}\x00"


def _safe_href(escaped_url: str) -> str | None:
    """The URL, still escaped for an attribute, when it is http(s) or a path of this site; else None."""
    url = unescape(escaped_url).strip()
    lowered = url.lower()
    if lowered.startswith(("http://", "https://")) or (url.startswith("/") and not url.startswith("//")):
        if any(ch in url for ch in "\"'<>\\`") or any(ord(ch) < 32 for ch in url):
            return None
        return escape(url)
    return None


def _inline(escaped: str) -> str:
    """Bold, italic and links in one escaped line."""
    links: list[str] = []

    def link(match):
        text, href = match.group(1), _safe_href(match.group(2))
        if href is None:
            return match.group(0)
        external = not href.startswith("/")
        rel = ' rel="nofollow noopener noreferrer"' if external else ""
        links.append(f'<a href="{href}"{rel}>{text}</a>')
        return _PLACEHOLDER.format(len(links) - 1)

    line = _LINK.sub(link, escaped)
    line = _STRONG.sub(r"<strong>\1</strong>", line)
    line = _EM.sub(r"<em>\1</em>", line)
    return re.sub("\x00(\\d+)\x00", lambda m: links[int(m.group(1))], line)


def _clean(text: str) -> str:
    """Unify line ends and drop control characters other than tab and newline."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in text if ch in "\n\t" or ord(ch) >= 32 and ord(ch) != 127)


def _blocks(text: str) -> list[list[str]]:
    blocks, current = [], []
    for line in _clean(text).split("\n"):
        if line.strip():
            current.append(line.rstrip())
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def render_markup(text: str) -> SafeString:
    """The post's text as HTML. See the module docstring for what is understood."""
    html = []
    for block in _blocks(text or ""):
        lines = [escape(line.strip()) for line in block]
        heading = _HEADING.match(lines[0]) if len(lines) == 1 else None
        if heading:
            level = 3 if len(heading.group(1)) == 3 else 2
            html.append(f"<h{level}>{_inline(heading.group(2))}</h{level}>")
        elif all(_BULLET.match(line) for line in lines):
            items = "".join(f"<li>{_inline(_BULLET.match(line).group(1))}</li>" for line in lines)
            html.append(f"<ul>{items}</ul>")
        elif all(_NUMBERED.match(line) for line in lines):
            items = "".join(f"<li>{_inline(_NUMBERED.match(line).group(1))}</li>" for line in lines)
            html.append(f"<ol>{items}</ol>")
        elif all(_QUOTE.match(line) for line in lines):
            inner = "<br>".join(_inline(_QUOTE.match(line).group(1)) for line in lines)
            html.append(f"<blockquote><p>{inner}</p></blockquote>")
        else:
            html.append("<p>" + "<br>".join(_inline(line) for line in lines) + "</p>")
    return mark_safe("\n".join(html))  # noqa: S308 - every piece of the text went through escape() above


def plain_text(text: str) -> str:
    """The text without markup signs, for summaries and descriptions (still to be escaped by the template)."""
    text = _LINK.sub(r"\1", _clean(text or ""))
    text = re.sub(r"^\s*(#{1,3}|[-*]|\d{1,3}[.)]|>)\s+", "", text, flags=re.MULTILINE)
    text = text.replace("**", "").replace("*", "")
    return " ".join(text.split())
