"""Comment Markdown: rendered with markdown-it-py, then sanitised with nh3, with @mentions marked."""

import functools
import re

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

# Django usernames are letters, digits and @ . + - _; a mention ends on a letter or digit so that
# "@bob." at the end of a sentence mentions bob.
MENTION = re.compile(r"(?<![\w@.+-])@(\w(?:[\w.+-]*\w)?)")

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "del", "s", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h1", "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td", "span",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener noreferrer nofollow"


def _mark_mentions(state):
    """Split text tokens so that mentions of the usernames in env["mentioned"] become <span class="mention">."""
    mentioned = state.env.get("mentioned") or ()
    found = state.env.setdefault("found", set())
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children = []
        for token in block.children:
            if token.type != "text" or "@" not in token.content:
                children.append(token)
                continue
            position = 0
            for match in MENTION.finditer(token.content):
                found.add(match.group(1))
                if match.group(1) not in mentioned:
                    continue
                children.append(_text(token.content[position : match.start()]))
                opening = Token("mention_open", "span", 1)
                opening.attrSet("class", "mention")
                children.extend([opening, _text(match.group(0)), Token("mention_close", "span", -1)])
                position = match.end()
            children.append(_text(token.content[position:]))
        block.children = [child for child in children if child.type != "text" or child.content]


def _text(content):
    token = Token("text", "", 0)
    token.content = content
    return token


_md = MarkdownIt("commonmark", {"html": True, "breaks": True}).enable(["strikethrough", "table"])
_md.core.ruler.push("mentions", _mark_mentions)


def render_markdown(text, mentioned=()):
    """Safe HTML for a comment: no script, no event handlers, only http(s)/mailto links, marked mentions."""
    return _rendered(text or "", frozenset(mentioned))


# The same text and mentions always give the same HTML: a page of comments seen again is not parsed and cleaned
# again (about half a millisecond a comment). Bounded, per process.
@functools.lru_cache(maxsize=4096)
def _rendered(text, mentioned):
    html = _md.render(text, {"mentioned": set(mentioned)})
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        allowed_classes={"span": {"mention"}},
    )


def find_mentions(text):
    """The usernames written as @username in a comment's prose (not in code)."""
    env = {}
    _md.parse(text or "", env)
    return env.get("found", set())
