"""The hosting configurations that are made, not written: Apache's .htaccess, Azure Static Web
Apps' staticwebapp.config.json and the _headers file that Netlify and Cloudflare Pages read.

Each is made from the same two sources: the policy in hosting/content-security-policy.txt and the
caching rules below (the table in hosting/README.md says the same in words). The build writes all
three into the site, for the address the site is built for, so that copying the site brings them
along; hosting/ holds the same files for the address /handbook/, to read and compare.

    python tools/hosting_configs.py            rewrite the copies in hosting/ (after changing a source)
    python tools/hosting_configs.py --check    exit 1 if a copy in hosting/ is out of date
    python tools/hosting_configs.py --base /guidance/ --out DIR
                                               write the three files for another address into DIR

nginx's and IIS's files are written by hand (their comments explain a council's own server); the
tests check that they send this same policy and these same caching rules.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
HOSTING = ROOT / "hosting"
POLICY_FILE = HOSTING / "content-security-policy.txt"
DEFAULT_BASE = "/handbook/"  # the address every file in hosting/ is written for

# ---------------------------------------------------------------------------------------------
# The sources
# ---------------------------------------------------------------------------------------------
YEAR = "public, max-age=31536000, immutable"
RECHECK = "no-cache"

# Files whose name or folder changes whenever their content does, as regular expressions over the
# path below the site's address (nginx's map in handbook-http.conf uses the same three). They are
# kept for a year; everything else, and every answer that is not a file (an error, a redirect),
# is re-checked on every use.
VERSIONED = (
    # a folder of assets/handbook/ named after a version or a hash: pyodide/<version>/,
    # wheels/<hash>/, stdlib/<hash>/
    r"assets/handbook/[^/]+/([0-9]+(\.[0-9]+)+|[0-9a-f]{8,})/",
    # the handbook's scripts, styles and tools' foreseen steps: assets/handbook/<name>.<10 hex digits>.js,
    # .css or .json
    r"assets/handbook/[^/]+\.[0-9a-f]{10}\.(js|css|json)$",
    # the theme's bundles and their source maps
    r"assets/(javascripts|stylesheets)/(.+/)?[^/]+\.[0-9a-f]{8}\.min\.(js|css)(\.map)?$",
)

# Hosts that match addresses by folder, not by regular expression (IIS, Azure, Netlify,
# Cloudflare), keep these folders for a year, all but the folders inside them named below. The
# build puts nothing there without a version or a hash in its name or a folder's name
# (tests/hosting/test_configs.py checks every file), so the two forms say the same.
VERSIONED_FOLDERS = ("assets/handbook/", "assets/stylesheets/", "assets/javascripts/")
UNVERSIONED_FOLDERS = ("assets/javascripts/lunr/",)  # the theme's search language files
# The other folders inside those, for hosts that cannot leave one folder out of another's rule.
VERSIONED_SUBFOLDERS = ("assets/javascripts/workers/",)

# The security headers sent with every answer, errors included (hosting/README.md explains them).
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
                          "microphone=(), payment=(), usb=()",
    "X-Frame-Options": "SAMEORIGIN",
}

# Types that a host may not know, or gets wrong, for the files the site holds. .whl and the
# compressed copies go out as nginx's stock configuration sends them (application/octet-stream).
TYPES = {
    ".wasm": "application/wasm",
    ".js": "text/javascript",
    ".json": "application/json",
    ".map": "application/json",  # the theme's source maps
    ".whl": "application/octet-stream",  # the rules, as a Python wheel (a zip file)
    ".csv": "text/csv",  # the threshold indicators' template, for councils (stock nginx does not know it)
}
COMPRESSED_TYPES = {".br": "application/octet-stream", ".gz": "application/octet-stream"}
UTF8 = (".html", ".css", ".js", ".json", ".map", ".svg", ".txt", ".xml", ".csv")  # text the build writes as UTF-8


def policy() -> str:
    return " ".join(POLICY_FILE.read_text().split())


def headers() -> dict[str, str]:
    """Every header sent with every answer: the policy first, then the others."""
    return {"Content-Security-Policy": policy(), **SECURITY_HEADERS}


def _base(base: str) -> str:
    base = "/" + base.strip("/") + "/"
    return "/" if base == "//" else base


# ---------------------------------------------------------------------------------------------
# Apache 2.4: .htaccess
# ---------------------------------------------------------------------------------------------
def _apache_versioned(pattern: str) -> str:
    """A VERSIONED pattern as Apache sees the address: unanchored at the start, as nginx's
    `.*/`, and, at the end, allowing for the .br or .gz copy the rewrite below sends instead."""
    return "/" + (pattern[:-1] + r"(\.br|\.gz)?$" if pattern.endswith("$") else pattern)


def htaccess(base: str = DEFAULT_BASE) -> str:
    base = _base(base)
    folder_line = (f"#     Alias {base.rstrip('/')} /var/www/handbook" if base != "/"
                   else "#     DocumentRoot /var/www/handbook")
    versioned = "\n".join(f'    SetEnvIf Request_URI "{_apache_versioned(p)}" HANDBOOK_VERSIONED' for p in VERSIONED)
    security = "\n".join(f'    Header always set {name} "{value}"' for name, value in headers().items())
    types = "\n".join(f"    AddType {kind} {ext}" for kind, ext in _by_type(TYPES))
    return f"""# Lead Professional handbook: Apache 2.4 settings for the site served at {base}
#
# The build writes this file into the site, as .htaccess next to index.html, for the address the
# site is built for (site.url in the council's settings), so copying the whole site folder to the
# server (rsync -a --delete site/ ...) brings it along. Do not edit the server's copy: the next
# copy replaces it. hosting/apache/.htaccess is the same file for the address /handbook/; both are
# made by tools/hosting_configs.py from hosting/content-security-policy.txt and its caching rules.
#
# Apache needs mod_headers and mod_rewrite (Debian and Ubuntu: `a2enmod headers rewrite`; mime,
# setenvif, deflate, filter, alias and dir are on by default), and the virtual host must let this
# file work in the server's site folder (here /var/www/handbook):
#
{folder_line}
#     <Directory /var/www/handbook>
#         AllowOverride FileInfo
#         Options -Indexes
#         Require all granted
#     </Directory>
#
# then `apache2ctl configtest && systemctl reload apache2`. Everything here needs only
# AllowOverride FileInfo. Without mod_headers or mod_rewrite the site still works, but without its
# security headers, caching rules or ready-made compressed copies.

# The site's own "page not found" page.
ErrorDocument 404 {base}404.html

# --------------------------------------------------------------------------------------------
# MIME types. Browsers refuse WebAssembly not sent as application/wasm, and module scripts not
# sent as JavaScript. Older mime.types files lack .wasm, so both are set here, with the rules'
# wheel and the theme's source maps, which Debian's /etc/mime.types does not know.
# --------------------------------------------------------------------------------------------
<IfModule mod_mime.c>
{types}
    AddCharset utf-8 {" ".join(UTF8)}
    # Ready-made compressed copies (name.wasm.gz, name.js.br) keep their original's type and
    # charset, and say how they are compressed: Debian's mime.conf would otherwise call .gz files
    # application/x-gzip and .br files Breton text.
    RemoveType .gz .br
    RemoveLanguage .br
    AddEncoding gzip .gz
    AddEncoding br .br
</IfModule>

# --------------------------------------------------------------------------------------------
# Ready-made compressed copies. The build writes .br and .gz copies of its large files; send
# one when the browser accepts it and it exists, instead of compressing on every download.
# --------------------------------------------------------------------------------------------
<IfModule mod_rewrite.c>
    RewriteEngine On
    # The address this folder is served at (needed when an Alias maps it).
    RewriteBase {base}

    RewriteCond %{{HTTP:Accept-Encoding}} \\bbr\\b
    RewriteCond %{{REQUEST_FILENAME}} -f
    RewriteCond %{{REQUEST_FILENAME}}.br -f
    RewriteRule ^(.+)$ $1.br [L]

    RewriteCond %{{HTTP:Accept-Encoding}} \\bgzip\\b
    RewriteCond %{{REQUEST_FILENAME}} -f
    RewriteCond %{{REQUEST_FILENAME}}.gz -f
    RewriteRule ^(.+)$ $1.gz [L]

    # A copy goes out as it is, never compressed a second time.
    RewriteRule \\.(br|gz)$ - [E=no-gzip:1,E=no-brotli:1]
</IfModule>

# Everything else that is text is compressed as it is sent.
<IfModule mod_deflate.c>
    AddOutputFilterByType DEFLATE text/html text/css text/javascript application/javascript application/json application/wasm application/xml text/xml text/plain image/svg+xml
</IfModule>

# --------------------------------------------------------------------------------------------
# How long browsers may keep each file. Files whose name or folder changes whenever their
# content does are kept for a year and never re-checked:
#   - files in a folder of assets/handbook/ named after a version or a hash: Pyodide in
#     pyodide/<version>/, the rules in wheels/<hash>/, Python's library in stdlib/<hash>/
#   - the handbook's scripts and styles: assets/handbook/<name>.<10 hex digits>.js or .css
#   - the theme's bundles: assets/javascripts/... and assets/stylesheets/...<8 hex digits>.min.js/.css
# Everything else (the pages, the search index, images) is re-checked on every visit, and so is
# every answer that is not a file (an error, a redirect), whatever its address: a file missing
# while the site is being copied must not stay "missing" in browsers for a year.
# "always" puts the headers on Apache's own answers too (its 403 and 301 pages). The first two
# lines drop what a server-wide mod_expires rule adds to files, so that only these are sent.
# --------------------------------------------------------------------------------------------
<IfModule mod_setenvif.c>
{versioned}
</IfModule>

<IfModule mod_headers.c>
    Header unset Cache-Control
    Header unset Expires
    Header always set Cache-Control "{RECHECK}"
    Header always set Cache-Control "{YEAR}" env=HANDBOOK_VERSIONED
    Header always set Cache-Control "{RECHECK}" "expr=%{{REQUEST_STATUS}} !~ /^(200|206|304)$/"
    Header always merge Vary "Accept-Encoding"

    # Security headers, on every answer, errors included. The policy is explained in
    # hosting/README.md and comes from hosting/content-security-policy.txt.
{security}
</IfModule>
"""


def _by_type(types: dict[str, str]) -> list[tuple[str, str]]:
    """{".json": "application/json", ".map": "application/json"} -> [("application/json", ".json .map")]"""
    grouped: dict[str, list[str]] = {}
    for ext, kind in types.items():
        grouped.setdefault(kind, []).append(ext)
    return [(kind, " ".join(exts)) for kind, exts in grouped.items()]


# ---------------------------------------------------------------------------------------------
# Azure Static Web Apps: staticwebapp.config.json
# ---------------------------------------------------------------------------------------------
def staticwebapp_config(base: str = DEFAULT_BASE) -> str:
    """Routes are tried in order and the first that matches wins; a route's headers replace the
    global ones of the same name. Wildcards may only end a route, so the caching goes by folder."""
    base = _base(base)
    routes = [{"route": f"{base}{folder}*", "headers": {"Cache-Control": RECHECK}} for folder in UNVERSIONED_FOLDERS]
    routes += [{"route": f"{base}{folder}*", "headers": {"Cache-Control": YEAR}} for folder in VERSIONED_FOLDERS]
    config = {
        "routes": routes,
        "responseOverrides": {"404": {"rewrite": f"{base}404.html"}},
        "globalHeaders": {"Cache-Control": RECHECK, **headers()},
        "mimeTypes": {**TYPES, **COMPRESSED_TYPES},
    }
    return json.dumps(config, indent=2) + "\n"


# ---------------------------------------------------------------------------------------------
# Netlify and Cloudflare Pages: _headers
# ---------------------------------------------------------------------------------------------
def headers_file(base: str = DEFAULT_BASE) -> str:
    """Both hosts apply every rule whose address matches, but treat one header set by two
    matching rules differently (Cloudflare joins the values, Netlify keeps one), so no header is
    set by two rules that can match the same address: the security headers for everything, and
    Cache-Control only for the versioned folders. Everything else keeps the host's own
    Cache-Control, which on both is `public, max-age=0, must-revalidate`: re-checked on every use,
    as `no-cache` is elsewhere."""
    base = _base(base)
    lines = [
        f"# Lead Professional handbook: headers for Netlify and Cloudflare Pages, site served at {base}",
        "#",
        "# The build writes this file into the site as _headers, for the address the site is built for",
        "# (site.url in the council's settings); publish the whole site folder. Made by",
        "# tools/hosting_configs.py from hosting/content-security-policy.txt and its caching rules.",
        "# Files not named below keep the host's own Cache-Control (public, max-age=0, must-revalidate),",
        "# which re-checks them on every visit, like no-cache.",
        "",
        f"{base}*",
        *(f"  {name}: {value}" for name, value in headers().items()),
    ]
    for folder in VERSIONED_FOLDERS:
        if any(inner.startswith(folder) for inner in UNVERSIONED_FOLDERS):
            # Only the files directly in it (":file" is one step of an address), and its other folders.
            patterns = [f"{base}{folder}:file", *(f"{base}{inner}*" for inner in VERSIONED_SUBFOLDERS
                                                   if inner.startswith(folder))]
        else:
            patterns = [f"{base}{folder}*"]
        for pattern in patterns:
            lines += ["", pattern, f"  Cache-Control: {YEAR}"]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# Where each goes
# ---------------------------------------------------------------------------------------------
MAKERS = {  # file name in the site: (its copy in hosting/, the function that makes it)
    ".htaccess": (HOSTING / "apache" / ".htaccess", htaccess),
    "staticwebapp.config.json": (HOSTING / "azure" / "staticwebapp.config.json", staticwebapp_config),
    "_headers": (HOSTING / "netlify-cloudflare" / "_headers", headers_file),
}


def write_into_site(site: Path, address: str | None) -> list[str]:
    """The build's step: every configuration, for the site's own address (its URL, or only the
    path), at the top of the site. Returns the names written."""
    base = urlsplit(address or "/").path or "/"
    for name, (_, make) in MAKERS.items():
        (site / name).write_text(make(base))
    return list(MAKERS)


def out_of_date() -> list[Path]:
    return [copy for copy, make in MAKERS.values() if not copy.exists() or copy.read_text() != make(DEFAULT_BASE)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a copy in hosting/ is out of date")
    parser.add_argument("--base", default=DEFAULT_BASE, help="the address the site is served at (default /handbook/)")
    parser.add_argument("--out", type=Path, help="write the three files into this folder instead of hosting/")
    options = parser.parse_args(argv)
    if options.check:
        stale = out_of_date()
        for path in stale:
            print(f"{path.relative_to(ROOT)} is out of date: run python tools/hosting_configs.py", file=sys.stderr)
        return 1 if stale else 0
    if options.out:
        options.out.mkdir(parents=True, exist_ok=True)
        for name in write_into_site(options.out, options.base):
            print(options.out / name)
        return 0
    for copy, make in MAKERS.values():
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_text(make(DEFAULT_BASE))
        print(copy.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
