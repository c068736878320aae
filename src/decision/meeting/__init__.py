"""The Team Around the Family meeting kit: what a meeting record holds and how it is checked.

`kit` reads a meeting the page sends without trusting it, checks it, makes the record and the
chart, and reads and writes saved files. The browser reaches it through the "meeting" action
of decision.browser; the build renders the kit's page from the same module.
"""
