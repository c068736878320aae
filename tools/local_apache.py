"""Debian's Apache 2.4 on this machine, serving a built site under /handbook/ as the hosting guide
says: the guide's own Alias and <Directory> block (hosting/README.md, "Apache") around the site's
folder, and the .htaccess the build put in the site. Used by the hosting tests.

It runs from a minimal apache2.conf of its own, in a folder of the caller's: Debian's modules
(/usr/lib/apache2/modules) with Debian's stock settings for them (/etc/apache2/mods-available),
and the defaults of Debian's apache2.conf that matter here (every folder refused unless allowed,
.ht files never served). Started as root, its workers run as www-data, as Debian's own do.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from pathlib import Path

from local_nginx import ROOT, children, let_workers_in, worker_user

APACHE = Path("/usr/sbin/apache2")
MODULES_DIR = Path("/usr/lib/apache2/modules")
STOCK_SETTINGS = Path("/etc/apache2/mods-available")  # Debian's settings for each module
GUIDE = ROOT / "hosting" / "README.md"
GUIDE_FOLDER = "/var/www/handbook"  # the server's site folder, as the guide names it
# What Debian turns on by default and the guide adds (headers, rewrite), and what the test needs.
MODULES = ("mpm_event", "authz_core", "authz_host", "mime", "setenvif", "filter", "deflate", "alias", "dir", "autoindex",
           "headers", "rewrite")


def guide_section(title: str, guide: Path = GUIDE) -> str:
    """The text of one `## title` section of the hosting guide."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", guide.read_text(), re.M | re.S)
    if not match:
        raise ValueError(f"{guide} has no section '## {title}'")
    return match.group(1)


def fenced_blocks(text: str) -> list[tuple[str, str]]:
    """Every fenced block of some Markdown, in order, as (language, content without the
    indentation of its list item)."""
    blocks = []
    for indent, language, body in re.findall(r"^( *)```(\w*)\n(.*?)^\1```", text, re.M | re.S):
        lines = [line[len(indent):] if line.startswith(indent) else line.lstrip() for line in body.splitlines()]
        blocks.append((language, "\n".join(lines) + "\n"))
    return blocks


def guide_virtual_host_lines(site: Path) -> str:
    """The Apache section's virtual-host block, with the server's site folder put in its place."""
    blocks = [body for language, body in fenced_blocks(guide_section("Apache")) if language == "apache"]
    if len(blocks) != 1:
        raise ValueError("expected one ```apache block in the hosting guide's Apache section")
    if GUIDE_FOLDER not in blocks[0]:
        raise ValueError(f"the guide's Apache block no longer names {GUIDE_FOLDER}")
    return blocks[0].replace(GUIDE_FOLDER, str(site))


def write_config(prefix: Path, site: Path, port: int, *, modules: tuple[str, ...] = (), server_extra: str = "") -> Path:
    """A minimal apache2.conf in `prefix` serving `site` at /handbook/ with the guide's block.
    `modules` are loaded as well as MODULES; `server_extra` is added at the end."""
    loads, stock = [], []
    for module in (*MODULES, *modules):
        loads.append(f"LoadModule {module}_module {MODULES_DIR}/mod_{module}.so")
        if (STOCK_SETTINGS / f"{module}.conf").exists():
            stock.append(f"Include {STOCK_SETTINGS}/{module}.conf")
    user = worker_user()
    let_workers_in(site, prefix)
    config = prefix / "apache2.conf"
    config.write_text(f"""
ServerRoot "{prefix}"
DefaultRuntimeDir "{prefix}"
PidFile "{prefix}/apache2.pid"
ErrorLog "{prefix}/error.log"
LogLevel warn
Listen 127.0.0.1:{port}
ServerName 127.0.0.1
{"User {}".format(user[0]) if user else ""}
{"Group {}".format(user[1]) if user else ""}
{chr(10).join(loads)}
{chr(10).join(stock)}

# Debian's apache2.conf: nothing is served unless a <Directory> allows it, and .ht files never.
<Directory />
    Options FollowSymLinks
    AllowOverride None
    Require all denied
</Directory>
AccessFileName .htaccess
<FilesMatch "^\\.ht">
    Require all denied
</FilesMatch>

# The hosting guide's block, with the site's folder in place of the server's.
{guide_virtual_host_lines(site)}
{server_extra}
""")
    return config


def config_problem(config: Path) -> str | None:
    """What `apache2 -t` says is wrong with the configuration, or None."""
    check = subprocess.run([str(APACHE), "-f", str(config), "-t"], capture_output=True, text=True)
    return None if check.returncode == 0 else check.stderr


def start(config: Path) -> subprocess.Popen:
    """`apache2 -k start` in the foreground, so that the caller holds it as a child process."""
    return subprocess.Popen([str(APACHE), "-f", str(config), "-k", "start", "-DFOREGROUND"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def stop(config: Path, process: subprocess.Popen | None = None, pid_file: Path | None = None,
         command: list[str] | None = None, env: dict | None = None) -> None:
    """Stop an Apache: `apache2 -k stop` (or `command`), then wait for its main process to go
    (the child `process`, or the one named in `pid_file`); killed, with its workers, if it has not
    gone within 10 seconds."""
    pid = process.pid if process else _read_pid(pid_file)
    subprocess.run(command or [str(APACHE), "-f", str(config), "-k", "stop"], capture_output=True, env=env)
    if pid is None:
        return
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _running(pid, process):
        time.sleep(0.05)
    if _running(pid, process):
        for worker in children(pid):
            _kill(worker)
        _kill(pid)
    if process:
        process.wait(timeout=10)


def _read_pid(pid_file: Path | None) -> int | None:
    try:
        return int(pid_file.read_text().strip()) if pid_file else None
    except (OSError, ValueError):
        return None


def _running(pid: int, process: subprocess.Popen | None) -> bool:
    if process is not None:
        return process.poll() is None
    try:  # a daemon's main process is not ours to reap: gone, or a zombie, it has stopped
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
