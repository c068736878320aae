"""Debian's stock nginx on this machine, serving a built site under /handbook/ with the shipped
configuration (hosting/nginx/) exactly as a council would install it. Used by the hosting tests
and by the benchmark, which add their own logging around it.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOSTING_NGINX = ROOT / "hosting" / "nginx"
NGINX = Path("/usr/sbin/nginx")
STOCK_MIME_TYPES = Path("/etc/nginx/mime.types")
SUBPATH = "/handbook/"
SHIPPED_ALIAS = "alias /var/www/handbook/;"  # the folder named in handbook-location.conf


def write_config(prefix: Path, site: Path, port: int, *, location_text: str | None = None,
                 http_extra: str = "", access_log: str = "", server_extra: str = "") -> Path:
    """A minimal nginx.conf in `prefix` that includes the shipped files, with the site's folder
    put in place of the shipped one. `location_text` replaces the shipped location snippet (for
    a caller that must adjust it); the other arguments add lines to the http and server blocks
    (http_extra comes first, so a log_format it defines can name access_log's format)."""
    location = location_text if location_text is not None else (HOSTING_NGINX / "handbook-location.conf").read_text()
    if location.count(SHIPPED_ALIAS) != 1:
        raise ValueError(f"expected `{SHIPPED_ALIAS}` once in the location snippet")
    (prefix / "handbook-location.conf").write_text(location.replace(SHIPPED_ALIAS, f"alias {site}/;"))
    (prefix / "handbook-http.conf").write_text((HOSTING_NGINX / "handbook-http.conf").read_text())
    for folder in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / folder).mkdir(exist_ok=True)
    user = "user root root;" if os.geteuid() == 0 else ""  # root's workers would run as nobody otherwise
    config = prefix / "nginx.conf"
    config.write_text(f"""
{user}
worker_processes 1;
error_log {prefix}/error.log warn;
events {{ worker_connections 256; }}
http {{
    include {STOCK_MIME_TYPES};
    default_type application/octet-stream;
    sendfile on;
{http_extra}
    access_log {prefix}/access.log {access_log};
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include {prefix}/handbook-http.conf;

    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        include {prefix}/handbook-location.conf;
{server_extra}
    }}
}}
""")
    return config


def command(prefix: Path, config: Path) -> list[str]:
    """nginx in the foreground, with its pid and temporary files inside `prefix`."""
    return [str(NGINX), "-p", str(prefix), "-c", str(config), "-g", f"daemon off; pid {prefix}/nginx.pid;"]


def config_problem(prefix: Path, config: Path) -> str | None:
    """What `nginx -t` says is wrong with the configuration, or None."""
    check = subprocess.run([*command(prefix, config), "-t"], capture_output=True, text=True)
    return None if check.returncode == 0 else check.stderr
