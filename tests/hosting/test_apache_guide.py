"""The Apache section of hosting/README.md, followed as a council's web team would follow it: its
commands in order and as written, on a copy of Debian's own Apache settings (/etc/apache2, as the
package installs them), ending with `rsync -a --delete` into a server's site folder that holds
an older release. Afterwards the site must answer with its policy, types and caching.

Only what the guide says to change, or what this machine has instead, is put in:
  - /var/www/handbook (the server's site folder) is a folder of the test's, and `server:`
    (the server's SSH address) is dropped, so rsync copies locally;
  - `systemctl restart|reload apache2` is `apache2ctl restart|graceful` (no systemd here);
  - `mkdocs build --strict --site-dir site` has been run already, for this address, by the
    session's build (tests/hosting/hosting_helpers.py: build_site_for runs that command).
The copy of /etc/apache2 listens on a free port instead of 80 and keeps its run, lock and log
folders in the test's folder (envvars), and Apache is running before the first step, as the
package leaves it.
"""

from __future__ import annotations

import http.client
import os
import shutil
import subprocess
from pathlib import Path

import local_apache
import local_nginx
import pytest
from hosting_configs import YEAR

from hosting_helpers import POLICY, SUBPATH, free_port, require_apache

DEBIAN_SETTINGS = Path("/etc/apache2")
BUILD = "mkdocs build --strict --site-dir site"
INSTEAD_OF_SYSTEMD = {"systemctl restart apache2": "apache2ctl restart", "systemctl reload apache2": "apache2ctl graceful"}


class DebianApache:
    """Debian's Apache run from a private copy of its settings, as apache2ctl runs it."""

    def __init__(self, root: Path, port: int):
        self.root, self.port = root, port
        self.settings = root / "etc" / "apache2"
        shutil.copytree(DEBIAN_SETTINGS, self.settings, symlinks=True)
        self._edit("envvars", [(f"/var/{folder}/apache2$SUFFIX", f"{root}/{folder}")
                               for folder in ("run", "lock", "log")])
        (root / "log").mkdir()  # as the package makes /var/log/apache2
        self._edit("ports.conf", [("Listen 80\n", f"Listen 127.0.0.1:{port}\n")])
        self._edit("sites-available/000-default.conf", [("<VirtualHost *:80>", f"<VirtualHost *:{port}>")])
        self.environment = dict(os.environ, APACHE_CONFDIR=str(self.settings))
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        """Running, as the package leaves it: `apache2ctl start`, but kept in the foreground, so
        that the test holds it as its own child process (restart and reload keep the same one)."""
        self.process = subprocess.Popen(["apache2ctl", "-k", "start", "-DFOREGROUND"], env=self.environment,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            local_nginx.wait_until_answering(f"http://127.0.0.1:{self.port}/", self.process, "Debian's Apache")
        except (RuntimeError, TimeoutError) as problem:
            pytest.fail(f"Debian's Apache did not start: {problem}", pytrace=False)

    def _edit(self, name: str, replacements: list[tuple[str, str]]) -> None:
        path = self.settings / name
        text = path.read_text()
        for old, new in replacements:
            assert old in text, f"Debian's {name} no longer says {old!r}"
            text = text.replace(old, new)
        path.write_text(text)

    def run(self, command: str, cwd: Path) -> subprocess.CompletedProcess:
        return subprocess.run(["bash", "-c", command], cwd=cwd, env=self.environment, capture_output=True, text=True)

    def add_to_virtual_host(self, lines: str) -> None:
        host = self.settings / "sites-available" / "000-default.conf"
        text = host.read_text()
        assert text.count("</VirtualHost>") == 1
        host.write_text(text.replace("</VirtualHost>", lines + "</VirtualHost>"))

    def stop(self) -> None:
        if self.process:
            local_apache.stop(self.settings / "apache2.conf", self.process, command=["apache2ctl", "stop"],
                              env=self.environment)

    def get(self, path: str, headers: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return response, body


@pytest.fixture
def followed(site_dir, tmp_path):
    """The guide's Apache section, followed on a Debian Apache whose server's site folder holds
    an older release. Yields the server, the server's site folder and every command run."""
    require_apache()
    if not shutil.which("rsync"):
        pytest.fail("rsync is not installed: run `./dev test`, which installs it, or `apt-get install rsync`.",
                    pytrace=False)
    root = tmp_path
    server = DebianApache(root, free_port())
    served = root / "www" / "handbook"  # the server's site folder
    served.mkdir(parents=True)
    (served / "old-release.html").write_text("the previous release's page")
    work = root / "work"  # the web team's own machine, after `mkdocs build`
    work.mkdir()
    (work / "site").symlink_to(site_dir, target_is_directory=True)
    steps: list[str] = []
    try:
        server.start()
        for language, body in local_apache.fenced_blocks(local_apache.guide_section("Apache")):
            body = body.replace(local_apache.GUIDE_FOLDER, str(served))
            if language == "apache":
                server.add_to_virtual_host(body)
                steps.append(f"(in the virtual host)\n{body}")
                continue
            assert language == "sh", f"a ```{language} block in the Apache section: say how to follow it"
            for line in body.splitlines():
                if not line.strip() or line.lstrip().startswith("#"):
                    continue
                steps.append(line)
                if line == BUILD:
                    continue  # done by the session's build, for this same address
                for systemd, instead in INSTEAD_OF_SYSTEMD.items():
                    line = line.replace(systemd, instead)
                result = server.run(line.replace("server:", ""), work)
                assert result.returncode == 0, f"`{line}` failed:\n{result.stdout}{result.stderr}"
                if "configtest" in line:
                    assert "Syntax OK" in result.stderr + result.stdout
        yield server, served, steps
    finally:
        server.stop()


def test_the_guide_says_to_check_reload_and_copy_with_delete():
    commands = [line for language, body in local_apache.fenced_blocks(local_apache.guide_section("Apache"))
                if language == "sh" for line in body.splitlines()]
    assert "a2enmod headers rewrite" in commands
    assert "apache2ctl configtest && systemctl reload apache2" in commands
    assert BUILD in commands
    copies = [line for line in commands if line.startswith("rsync ")]
    assert copies and copies[-1] == f"rsync -a --delete site/ server:{local_apache.GUIDE_FOLDER}/"


def test_following_the_apache_guide_leaves_a_site_with_its_headers(followed, site_dir):
    server, served, steps = followed
    assert any(step.startswith("rsync -a --delete") for step in steps)
    # --delete took the old release away, and kept the settings the build put into site/.
    assert not (served / "old-release.html").exists()
    assert (served / ".htaccess").read_text() == (site_dir / ".htaccess").read_text()

    response, body = server.get(SUBPATH)
    assert response.status == 200, body[:500]
    assert response.getheader("Content-Security-Policy") == POLICY
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"
    assert response.getheader("Cache-Control") == "no-cache"
    assert response.getheader("X-Frame-Options") == "SAMEORIGIN"

    wasm = next(served.glob("assets/handbook/pyodide/*/pyodide.asm.wasm")).relative_to(served).as_posix()
    response, body = server.get(SUBPATH + wasm, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert response.status == 200
    assert response.getheader("Content-Type") == "application/wasm"
    assert response.getheader("Content-Encoding") == "br"
    assert response.getheader("Cache-Control") == YEAR
    assert response.getheader("Content-Security-Policy") == POLICY

    response, _ = server.get(SUBPATH + "no-such-page/")
    assert response.status == 404
    assert response.getheader("Cache-Control") == "no-cache"
    assert response.getheader("Content-Security-Policy") == POLICY
    response, _ = server.get(SUBPATH + ".htaccess")
    assert response.status == 403  # Debian's settings never serve it
