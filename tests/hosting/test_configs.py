"""Checks of the shipped hosting configurations: one policy everywhere, the types and headers
each server needs, the build's file names matching the caching rules, the configurations the
build makes (Apache, Azure Static Web Apps, Netlify and Cloudflare Pages) made from the single
sources, and every configuration's rules giving every file of the site what nginx sends."""

from __future__ import annotations

import http.client
import json
import re
import stat
import subprocess
import xml.etree.ElementTree as ElementTree
from urllib.parse import urlsplit

import hosting_configs
from hosting_configs import RECHECK, VERSIONED, YEAR

from hosting_helpers import HOSTING, NGINX, POLICY, STOCK_MIME_TYPES, SUBPATH, require_nginx

NGINX_LOCATION = HOSTING / "nginx" / "handbook-location.conf"
NGINX_HTTP = HOSTING / "nginx" / "handbook-http.conf"
HTACCESS = HOSTING / "apache" / ".htaccess"
WEB_CONFIG = HOSTING / "iis" / "web.config"
AZURE = HOSTING / "azure" / "staticwebapp.config.json"
HEADERS_FILE = HOSTING / "netlify-cloudflare" / "_headers"
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "SAMEORIGIN",
}


def directives(policy: str) -> dict[str, list[str]]:
    return {words[0]: words[1:] for words in (part.split() for part in policy.split(";")) if words}


def test_the_policy_allows_nothing_but_the_site_itself():
    rules = directives(POLICY)
    sources = {source for values in rules.values() for source in values}
    assert sources <= {"'self'", "'none'", "'wasm-unsafe-eval'", "data:"}, sources
    assert rules["script-src"] == ["'self'", "'wasm-unsafe-eval'"]
    assert rules["style-src"] == ["'self'"]  # the site needs no inline styles
    assert rules["img-src"] == ["'self'", "data:"]  # the theme's icons are data: URLs in its CSS
    assert rules["object-src"] == ["'none'"]
    for needed in ("default-src", "worker-src", "connect-src", "font-src", "base-uri", "form-action",
                   "frame-ancestors"):
        assert needed in rules, needed


def test_every_configuration_sends_the_same_policy_and_headers():
    nginx = re.findall(r'add_header Content-Security-Policy "([^"]*)" always;', NGINX_LOCATION.read_text())
    apache = re.findall(r'Header always set Content-Security-Policy "([^"]*)"', HTACCESS.read_text())
    iis = [element.get("value") for element in ElementTree.parse(WEB_CONFIG).iter("add")
           if element.get("name") == "Content-Security-Policy"]
    azure = [json.loads(AZURE.read_text())["globalHeaders"]["Content-Security-Policy"]]
    netlify = [headers["Content-Security-Policy"] for _, headers in read_headers_file(HEADERS_FILE.read_text())
               if "Content-Security-Policy" in headers]
    assert nginx == apache == iis == azure == netlify == [POLICY]
    for name, value in hosting_configs.SECURITY_HEADERS.items():
        assert f'add_header {name} "{value}" always;' in NGINX_LOCATION.read_text(), name
        assert f'<add name="{name}" value="{value}" />' in WEB_CONFIG.read_text(), name


def test_the_configurations_made_from_the_sources_are_up_to_date():
    """hosting/apache/.htaccess, azure/ and netlify-cloudflare/ are made by
    tools/hosting_configs.py; after changing the policy or the caching rules, run it."""
    stale = [str(path.relative_to(HOSTING)) for path in hosting_configs.out_of_date()]
    assert stale == [], "out of date: run `python tools/hosting_configs.py` and commit the result"


def test_nginx_keeps_for_a_year_exactly_what_the_caching_rules_say():
    patterns = re.findall(r'"~\^\(200\|206\|304\):\.\*/(.*?)"\s+"public, max-age=31536000, immutable";',
                          NGINX_HTTP.read_text(), re.S)
    assert tuple(pattern.replace("\n", "").strip() for pattern in patterns) == VERSIONED


def test_the_build_puts_the_configurations_into_the_site_for_its_address(site_dir, tmp_path):
    """Copying the site (rsync -a --delete) keeps them: the build writes them, readable by the web
    server's user, for the address it builds for (here /handbook/, so as in hosting/)."""
    for name, (copy, _) in hosting_configs.MAKERS.items():
        assert (site_dir / name).read_text() == copy.read_text(), name
        assert stat.S_IMODE((site_dir / name).stat().st_mode) == 0o644, name
    for address, base in (("https://council.example/guidance/lead/", "/guidance/lead/"), ("https://handbook.example/", "/")):
        hosting_configs.write_into_site(tmp_path, address)
        htaccess = (tmp_path / ".htaccess").read_text()
        assert f"ErrorDocument 404 {base}404.html" in htaccess and f"RewriteBase {base}\n" in htaccess
        azure = json.loads((tmp_path / "staticwebapp.config.json").read_text())
        assert azure["responseOverrides"]["404"]["rewrite"] == f"{base}404.html"
        assert all(route["route"].startswith(f"{base}assets/") for route in azure["routes"])
        assert [path for path, _ in read_headers_file((tmp_path / "_headers").read_text())][0] == f"{base}*"


def test_the_nginx_files_pass_nginx_t_as_shipped(tmp_path):
    require_nginx()
    site = tmp_path / "site"
    site.mkdir()
    location = NGINX_LOCATION.read_text().replace("alias /var/www/handbook/;", f"alias {site}/;")
    (tmp_path / "location.conf").write_text(location)
    (tmp_path / "nginx.conf").write_text(f"""
error_log {tmp_path}/error.log;
events {{}}
http {{
    include {STOCK_MIME_TYPES};
    include {NGINX_HTTP};
    server {{
        listen 127.0.0.1:1;
        include {tmp_path}/location.conf;
    }}
}}
""")
    result = subprocess.run([str(NGINX), "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"),
                             "-g", f"pid {tmp_path}/nginx.pid;"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "[warn]" not in result.stderr, result.stderr  # no duplicate MIME types, for one


def test_nginx_sets_the_types_and_headers():
    text = NGINX_LOCATION.read_text()
    assert "types { application/wasm wasm; }" in text
    assert "types { text/javascript js; }" in text
    assert "gzip_static on;" in text and "application/wasm" in text.split("gzip_types", 1)[1].split(";")[0]
    for name, value in SECURITY_HEADERS.items():
        assert f'add_header {name} "{value}" always;' in text, name
    assert 'add_header Permissions-Policy "' in text
    assert "add_header Cache-Control $handbook_cache_control always;" in text
    assert "$handbook_cache_control" in NGINX_HTTP.read_text()


def test_the_htaccess_sets_types_headers_and_precompressed_files():
    text = HTACCESS.read_text()
    for line in ("AddType application/wasm .wasm", "AddType text/javascript .js", "AddType application/json .json .map",
                 "AddType application/octet-stream .whl", "AddEncoding gzip .gz", "AddEncoding br .br",
                 "RemoveLanguage .br", "RewriteEngine On", "AddOutputFilterByType DEFLATE"):
        assert line in text, line
    for name, value in SECURITY_HEADERS.items():
        assert f'Header always set {name} "{value}"' in text, name
    # Every Cache-Control on the "always" table, so that Apache's own 403 and 301 carry it too.
    assert 'Header always set Cache-Control "public, max-age=31536000, immutable" env=HANDBOOK_VERSIONED' in text
    assert not re.search(r"^\s*Header (set|merge|append|add) ", text, re.M)
    assert 'SetEnvIf Request_URI "/assets/handbook/[^/]+/([0-9]+(\\.[0-9]+)+|[0-9a-f]{8,})/"' in text
    # The compressed copies keep the type (and charset) mod_mime gives them: no T= flag replaces it.
    assert "T=" not in text and ".whl.br" not in text
    # Only FileInfo directives: <If> and Options would need more than AllowOverride FileInfo.
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    assert "<If " not in body and not re.search(r"^\s*(Options|DirectoryIndex|Expires\w+|Require)\b", body, re.M)


def test_the_web_config_parses_and_maps_webassembly_and_javascript():
    root = ElementTree.parse(WEB_CONFIG).getroot()
    server = root.find("system.webServer")
    content = server.find("staticContent")
    maps = {m.get("fileExtension"): m.get("mimeType") for m in content.findall("mimeMap")}
    assert maps[".wasm"] == "application/wasm"
    assert maps[".js"].split(";")[0] in ("text/javascript", "application/javascript")
    assert ".whl" in maps and ".json" in maps  # IIS refuses extensions it does not know
    removed = {r.get("fileExtension") for r in content.findall("remove")}
    assert set(maps) <= removed  # adding a type IIS already has is a 500.19 error
    assert content.find("clientCache").get("cacheControlMode") == "DisableCache"
    headers = {h.get("name"): h.get("value") for h in server.find("httpProtocol/customHeaders").findall("add")}
    for name, value in SECURITY_HEADERS.items():
        assert headers[name] == value, name
    assert server.find("urlCompression").get("doStaticCompression") == "true"
    assert server.find("httpErrors/error").get("path").endswith("/404.html")
    kept = {location.get("path"): location.find("system.webServer/staticContent/clientCache")
            for location in root.findall("location")}
    for path in ("assets/handbook", "assets/javascripts", "assets/stylesheets"):
        assert kept[path].get("cacheControlMaxAge") == "365.00:00:00", path
        assert "immutable" in kept[path].get("cacheControlCustom"), path
    assert kept["assets/javascripts/lunr"].get("cacheControlMode") == "DisableCache"


def test_the_folders_kept_for_a_year_hold_only_versioned_files(site_dir):
    """IIS, Azure and the _headers hosts can only choose a lifetime by folder, so every file in
    those folders must be one the caching rules keep for a year (or a compressed copy of one)."""
    unversioned = []
    for folder in hosting_configs.VERSIONED_FOLDERS:
        for path in (site_dir / folder).rglob("*"):
            relative = path.relative_to(site_dir).as_posix()
            if path.is_dir() or relative.startswith(hosting_configs.UNVERSIONED_FOLDERS):
                continue
            original = relative.removesuffix(".gz").removesuffix(".br")
            if not any(re.search(pattern, original) for pattern in VERSIONED):
                unversioned.append(relative)
    assert unversioned == []
    assert any((site_dir / "assets/handbook/pyodide").glob("[0-9]*.*/pyodide.asm.wasm"))  # named by version


def test_the_github_pages_workflow_builds_like_dev_and_publishes_the_site():
    """The example workflow cannot run here; check it installs what ./dev installs, builds the
    way the README says and publishes the built folder with Jekyll turned off."""
    import yaml

    workflow = yaml.safe_load((HOSTING / "github-pages" / "publish-handbook.yml").read_text())
    build = workflow["jobs"]["build"]["steps"]
    commands = "\n".join(step.get("run", "") for step in build)
    dev = (HOSTING.parent / "dev").read_text()
    pinned = re.search(r'"setuptools==[0-9.]+"', dev).group(0)
    assert pinned in commands, "the workflow must pin the same setuptools as ./dev"
    assert '-e ".[site]"' in commands and "npm ci" in commands
    assert "mkdocs build --strict --site-dir site" in commands and "touch site/.nojekyll" in commands
    uploads = [step for step in build if str(step.get("uses", "")).startswith("actions/upload-pages-artifact@")]
    assert uploads and uploads[0]["with"]["path"] == "site"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert any(str(step.get("uses", "")).startswith("actions/deploy-pages@") for step in deploy["steps"])
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}


# ---------------------------------------------------------------------------------------------
# The hosts that are only checked, read as they read their files, against nginx on the wire
# ---------------------------------------------------------------------------------------------
def read_headers_file(text: str) -> list[tuple[str, dict[str, str]]]:
    """A _headers file as Netlify and Cloudflare Pages read it: an address pattern on a line of
    its own, then its headers indented below it."""
    rules: list[tuple[str, dict[str, str]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line[0].isspace():
            name, _, value = line.strip().partition(":")
            assert rules and value, f"a header outside a rule, or without a value: {line!r}"
            rules[-1][1][name.strip()] = value.strip()
        else:
            rules.append((line.strip(), {}))
    return rules


def headers_file_answer(rules, address: str) -> dict[str, str]:
    """Every matching rule's headers (`*` matches anything, `:name` one step of the address). A
    header set by two matching rules is an error here: the two hosts would send different things."""
    sent: dict[str, str] = {}
    for pattern, headers in rules:
        expression = "".join(".*" if part == "*" else "[^/]+" if part.startswith(":") else re.escape(part)
                             for part in re.split(r"(\*|:\w+)", pattern))
        if re.fullmatch(expression, address):
            both = set(sent) & set(headers)
            assert not both, f"{address}: {both} set by two rules"
            sent.update(headers)
    return sent


def azure_answer(config: dict, address: str) -> tuple[dict[str, str], dict[str, str]]:
    """The headers Azure Static Web Apps adds for an address (the first matching route's over the
    global ones; a route ending in * matches what starts with the rest), and its mimeTypes."""
    headers = dict(config["globalHeaders"])
    for route in config["routes"]:
        pattern = route["route"]
        if address == pattern or (pattern.endswith("*") and address.startswith(pattern[:-1])):
            headers.update(route.get("headers", {}))
            break
    return headers, config["mimeTypes"]


def iis_cache_control(root, path: str) -> str:
    """What IIS sends for a file: the clientCache of the deepest <location> that holds it."""
    cache = root.find("system.webServer/staticContent/clientCache")
    deepest = ""
    for location in root.findall("location"):
        folder = location.get("path") + "/"
        if path.startswith(folder) and len(folder) > len(deepest):
            deepest, cache = folder, location.find("system.webServer/staticContent/clientCache")
    if cache.get("cacheControlMode") == "DisableCache":
        return RECHECK
    days = int(cache.get("cacheControlMaxAge").split(".")[0])
    return ", ".join([*cache.get("cacheControlCustom").split(", "), f"max-age={days * 86400}"])


def cache_directives(value: str | None) -> set[str]:
    return {part.strip() for part in (value or "").split(",") if part.strip()}


def test_azure_netlify_cloudflare_and_iis_answer_every_file_as_nginx_does(nginx):
    """For every file of the built site, by its own address: the Cache-Control each host's
    rules give it is the one nginx sends (the _headers hosts' own default re-checks, as no-cache
    does), every host sends the same policy and security headers, and the types Azure and IIS
    declare are the ones nginx sends."""
    azure = json.loads(AZURE.read_text())
    headers_rules = read_headers_file(HEADERS_FILE.read_text())
    iis = ElementTree.parse(WEB_CONFIG).getroot()
    iis_types = {m.get("fileExtension"): m.get("mimeType").split(";")[0]
                 for m in iis.findall("system.webServer/staticContent/mimeMap")}
    security = hosting_configs.headers()
    differences = []
    files = sorted(p for p in nginx.site.rglob("*")
                   if p.is_file() and p.suffix not in (".br", ".gz") and p.name not in hosting_configs.MAKERS)
    assert len(files) > 100
    for file in files:
        path = file.relative_to(nginx.site).as_posix()
        address = SUBPATH + path
        connection = http.client.HTTPConnection(urlsplit(nginx.origin).netloc, timeout=30)
        connection.request("HEAD", address)
        response = connection.getresponse()
        connection.close()
        assert response.status == 200, path
        cache = response.getheader("Cache-Control")
        kind = (response.getheader("Content-Type") or "").split(";")[0]
        nginx_security = {name: response.getheader(name).split("; report-uri ")[0] for name in security}
        assert nginx_security == security, path

        azure_headers, azure_types = azure_answer(azure, address)
        if azure_headers["Cache-Control"] != cache:
            differences.append(("azure", path, azure_headers["Cache-Control"], cache))
        if {name: azure_headers[name] for name in security} != security:
            differences.append(("azure security headers", path))
        if file.suffix in azure_types and azure_types[file.suffix] != kind:
            differences.append(("azure type", path, azure_types[file.suffix], kind))

        sent = headers_file_answer(headers_rules, address)
        if sent.get("Cache-Control", RECHECK) != cache:  # without one, the host's default re-checks
            differences.append(("_headers", path, sent.get("Cache-Control"), cache))
        if {name: sent.get(name) for name in security} != security:
            differences.append(("_headers security headers", path))

        if cache_directives(iis_cache_control(iis, path)) != cache_directives(cache):
            differences.append(("iis", path, iis_cache_control(iis, path), cache))
        if file.suffix in iis_types and iis_types[file.suffix] != kind:
            differences.append(("iis type", path, iis_types[file.suffix], kind))
    assert differences == []
    # And the rules are not trivially equal: both kinds of answer occur.
    assert {YEAR, RECHECK} <= {azure_answer(azure, SUBPATH + f.relative_to(nginx.site).as_posix())[0]["Cache-Control"]
                               for f in files}


def test_the_headers_file_sets_no_header_in_two_rules_that_can_meet():
    """Cloudflare joins the values of a header set by two matching rules, Netlify keeps one: the
    file must never depend on which. Try addresses in every rule's folder, and deeper."""
    rules = read_headers_file(HEADERS_FILE.read_text())
    for pattern, _ in rules:
        for sample in ("x", "x/y", "x.js", "lunr/x.js", "workers/x.js"):
            headers_file_answer(rules, pattern.replace("*", sample).replace(":file", "x"))
