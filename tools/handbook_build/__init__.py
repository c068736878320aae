"""Build-side code of the handbook: the mkdocs plugin, the tool widgets and the runtime copy.

None of this ships to the browser; the browser gets the `decision` package as a wheel.
"""
