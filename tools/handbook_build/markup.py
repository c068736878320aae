"""The build's HTML: the element builder and a tool's step, both from the `decision` package's one
renderer (src/decision/engine/markup.py), which the browser's worker runs too. The build's other
markup (the rules in full, diagrams, training and the meeting kit) is made with the same `h` and
`text`, so every text is escaped the same way.
"""

from __future__ import annotations

from decision.engine.markup import h, section_html, step_html, text, void

__all__ = ["h", "section_html", "step_html", "text", "void"]
