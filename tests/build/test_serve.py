"""`./dev serve` (which runs `mkdocs serve --strict`) and the council's settings file: a file
created or edited while it runs is picked up, and a mistake leaves the last good build served.

Each test starts the real `mkdocs serve` in a copy of the repository (so that creating its
handbook.toml touches nobody's checkout), on a free port, and watches the served home page."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from local_nginx import free_port, wait_for
from support import copy_of_repository

BUILD_S = 180  # a generous deadline for one build of the whole site on a busy 2-core machine
ANSWER_S = 30  # how long a request may take when no rebuild is under way (a stuck server never answers)


class Server:
    def __init__(self, url: str, log: Path, process: subprocess.Popen):
        self.url, self.log, self.process = url, log, process

    def home(self, seconds: float = BUILD_S) -> str | None:
        """The served home page, or None while the server does not answer (or not within
        `seconds`: a request made during a rebuild waits for it to finish)."""
        try:
            with urllib.request.urlopen(self.url, timeout=seconds) as response:
                return response.read().decode()
        except (ConnectionError, TimeoutError, urllib.error.URLError):
            return None

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_for_home(self, text: str, what: str) -> str:
        def showing() -> str | None:
            assert self.process.poll() is None, f"mkdocs serve stopped:\n{self.output()}"
            page = self.home()
            return page if page and text in page else None
        try:
            return wait_for(showing, BUILD_S, what)
        except TimeoutError as problem:
            raise AssertionError(f"{problem}\n{self.output()}") from None

    def wait_for_output(self, text: str, what: str) -> None:
        wait_for(lambda: text in self.output(), BUILD_S, f"{what}\n{self.output()}")


@contextmanager
def serving(repository: Path, environment: dict[str, str] | None = None):
    """`mkdocs serve --strict`, as ./dev serve runs it, in `repository` on a free port."""
    port = free_port()
    log = repository.parent / f"serve-{port}.log"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **(environment or {}))
    if not environment or "HANDBOOK_SETTINGS" not in environment:
        env.pop("HANDBOOK_SETTINGS", None)
    env.pop("HANDBOOK_SITE_URL", None)
    with log.open("w") as output:
        process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--strict", "--dev-addr",
                                    f"127.0.0.1:{port}"], cwd=repository, env=env, stdout=output,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    server = Server(f"http://127.0.0.1:{port}/", log, process)
    try:
        yield server
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def write_settings(path: Path, title: str, primary: str = "#005a6e") -> None:
    """A small valid settings file (or an invalid one, given a bad colour). Written beside its
    folder and renamed into place, as many editors save, so that the server sees one change and
    never a half-written file."""
    text = (f'[council]\nname = "Testshire Council"\n\n[site]\ntitle = "{title}"\n\n'
            f'[colours]\nprimary = "{primary}"\naccent = "#005a6e"\n')
    draft = path.parent.parent / (path.name + ".draft")
    draft.write_text(text)
    draft.replace(path)


def test_a_settings_file_created_then_edited_while_serving_is_picked_up(tmp_path):
    repository = copy_of_repository(tmp_path / "repository")
    settings = repository / "handbook.toml"
    assert not settings.exists()
    with serving(repository) as server:
        server.wait_for_home("<title>Lead Professional handbook</title>", "the default build served")
        write_settings(settings, "Testshire handbook")
        server.wait_for_home("<title>Testshire handbook</title>", "handbook.toml, created while serving, picked up")
        write_settings(settings, "Testshire handbook, second edition")
        server.wait_for_home("<title>Testshire handbook, second edition</title>", "handbook.toml's edit picked up")


def test_a_profile_named_by_handbook_settings_is_picked_up_when_edited(tmp_path):
    repository = copy_of_repository(tmp_path / "repository")
    settings = tmp_path / "elsewhere" / "council.toml"
    settings.parent.mkdir()
    write_settings(settings, "Elsewhere handbook")
    with serving(repository, {"HANDBOOK_SETTINGS": str(settings)}) as server:
        server.wait_for_home("<title>Elsewhere handbook</title>", "the profile's build served")
        write_settings(settings, "Elsewhere handbook, edited")
        server.wait_for_home("<title>Elsewhere handbook, edited</title>", "the profile's edit picked up")


def test_a_settings_mistake_while_serving_keeps_the_last_good_build_until_the_next_good_edit(tmp_path):
    repository = copy_of_repository(tmp_path / "repository")
    settings = repository / "handbook.toml"
    write_settings(settings, "Testshire handbook")
    with serving(repository) as server:
        server.wait_for_home("<title>Testshire handbook</title>", "the first build served")
        write_settings(settings, "Testshire handbook, broken", primary="red")
        server.wait_for_output("colours.primary", "the mistake reported")
        page = server.home(ANSWER_S)
        assert page is not None, f"the server did not answer within {ANSWER_S} s: it is stuck"
        assert "<title>Testshire handbook</title>" in page
        server.wait_for_output("still serving the last good build", "the last good build said to be served")
        output = server.output()
        problems = [line for line in output.splitlines() if "colours.primary" in line]
        assert len(problems) == 1, output  # the mistake, in one line naming the file and the key
        assert "handbook.toml" in problems[0] and "Traceback" not in output, output
        write_settings(settings, "Testshire handbook, mended")
        server.wait_for_home("<title>Testshire handbook, mended</title>", "the next good edit rebuilt the site")
