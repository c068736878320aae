"""The engine: how a decision tree is written down, checked, walked and shown.

It holds no policy. `model` is the vocabulary a tree is written in (questions, hidden routing
steps, outcomes, their edges and the one walk over them); `validate` checks a tree when it is
loaded; `answers` reads what a reader sends without trusting it; `resolver` replays answers
through a tree; `view` turns a step into the JSON the page draws, and `markup` that view into the
step's HTML (the one renderer, for the build's pages and the browser's worker alike); `paths`
lists every path of a tree, for the snapshots and the tests.
"""
