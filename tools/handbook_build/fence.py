"""What a fence is: a fenced block in a page that the build turns into part of the page.

Each kind of fence (the tool in widget.py, the flow diagram in diagram.py, training in
training.py, the meeting kit in meeting.py) is a `Fence`: its name, the word after the backticks,
and a factory that takes the BuildContext and gives a pymdownx.superfences formatter. fences.py
lists the four and registers them in one place.

A fence whose body holds settings writes them as `key: value` lines, read by `parse_keys`. A
formatter raises FenceError for a mistake; `Fence.formatter` wraps it so that the mistake is
logged, naming the page and its line (mkdocs --strict then fails the build), and shown where
the fence was.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any, Callable, Collection, Mapping

from .context import BuildContext
from .markup import h, text

log = logging.getLogger("mkdocs.plugins.handbook")

# pymdownx.superfences calls a formatter with (source, language, css_class, options, md, **kwargs)
Formatter = Callable[..., str]


class FenceError(ValueError):
    """A mistake in a fence; `line` is the line of the fence's body it is on (1 is the first line
    after the opening backticks), or 0 for the fence as a whole."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class Fence:
    name: str  # ```name opens it; also the class superfences gives its block
    make: Callable[[BuildContext], Formatter]  # the formatter, given what the build knows about the council
    check: Callable[[BuildContext], None] | None = None  # run at build start; raises FenceError

    def formatter(self, context: BuildContext) -> Formatter:
        """The superfences formatter: the fence's own, with its mistakes logged and shown."""
        render = self.make(context)

        def format_fence(source: str, language: str, css_class: str, options: dict, md: Any, **kwargs: Any) -> str:
            # Every fence of the page in order, so that a mistake is traced to the right one of several alike.
            md.__dict__.setdefault("_lp_fences", []).append((self.name, source))
            try:
                return render(source, language, css_class, options, md, **kwargs)
            except FenceError as problem:
                message = f"{where(md, self.name, source, problem.line)}: {problem}"
                log.error(message)  # --strict turns this into a failed build
                return h("p", {"class": "lp-fence-error"}, text(message))

        return format_fence


def parse_keys(source: str, keys: Mapping[str, Collection[str] | None],
               required: Collection[str] = ()) -> dict[str, str]:
    """A fence body of `key: value` lines (blank lines skipped) as a dict. `keys` names each key the
    fence reads, with the values it may take (None: any). Raises FenceError naming the line."""
    found: dict[str, str] = {}
    for number, line in enumerate(source.splitlines(), start=1):
        if not line.strip():
            continue
        key, colon, value = (part.strip() for part in line.partition(":"))
        if not colon:
            raise FenceError(f"'{line.strip()}' is not 'key: value'", number)
        if key not in keys:
            raise FenceError(f"'{key}' is not one of its settings ({', '.join(keys)})", number)
        if key in found:
            raise FenceError(f"'{key}' is given twice", number)
        choices = keys[key]
        if choices is not None and value not in choices:
            raise FenceError(f"{key} '{value}' is not one of: {', '.join(choices)}", number)
        found[key] = value
    missing = [key for key in required if key not in found]
    if missing:
        raise FenceError(f"it needs {' and '.join(f'{key}: ...' for key in missing)}")
    return found


def where(md: Any, name: str, source: str, line: int) -> str:
    """The page a fence is on and the line of the page's file that a mistake is on, as far as it
    can be found (mkdocs gives each page's Markdown converter a "relpath" step that knows the page),
    with the fence's name: "tools/allocation.md, line 16: decision fence"."""
    page = getattr(_relpath(md), "file", None)
    within = f"{name} fence, line {line}" if line else f"{name} fence"
    if page is None:
        return within
    # Fences alike (the same name and body) are told apart by their order: this is the nth so far.
    nth = max(1, md.__dict__.get("_lp_fences", []).count((name, source)))
    opening = _opening_line(page.content_string, name, source, nth)
    if opening is None:  # in a file the page includes, say: the line within the fence
        return f"{page.src_uri}: {within}"
    return f"{page.src_uri}, line {opening + line}: {name} fence"


def _relpath(md: Any) -> Any:
    processors = getattr(md, "treeprocessors", None)
    return processors["relpath"] if processors is not None and "relpath" in processors else None


OPENING = re.compile(r"^\s*(?:[>*+-]\s*|\d+\.\s*)*(`{3,}|~{3,})\s*\{?\s*\.?([\w-]+)")


def _opening_line(page: str, name: str, source: str, nth: int) -> int | None:
    """The line number of the nth fence `name` whose body is `source` (compared line by line
    without indentation, as superfences removes it inside lists and admonitions)."""
    lines = page.splitlines()
    body = [line.strip() for line in source.splitlines()]
    for number, line in enumerate(lines, start=1):
        opened = OPENING.match(line)
        if opened and opened.group(2) == name and [x.strip() for x in lines[number:number + len(body)]] == body:
            nth -= 1
            if not nth:
                return number
    return None
