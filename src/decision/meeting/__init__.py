"""The Team Around the Family meeting kit: what a meeting record holds and how it is checked.

`kit` is the entry point: the browser reaches it through the "meeting" action of
decision.browser, and the build renders the kit's page from the same package. Behind it, one
module per concern: `form` (what a meeting holds, its limits and the words for each choice),
`reading` (a meeting the page sent, read without trusting it), `dates` (dates as people type
them), `checks` (the flags and suggestions), `record` (the record, and as plain text), `chart`
(the scaling chart, laid out) and `saved` (opening a saved meeting, and the next review from it).
"""
