"""A browser benchmark of the handbook's Python-in-the-browser tools, with a peer baseline that
starts the same Pyodide on the main thread. Run `.venv/bin/python -m tools.benchmark --help`;
docs/maintainers/performance.md explains the figures."""
