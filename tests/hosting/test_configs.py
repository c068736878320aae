"""Static checks of the shipped hosting configurations: one policy everywhere, the types and
headers each server needs, and the build's file names matching the caching rules."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ElementTree


from hosting_helpers import HOSTING, NGINX, POLICY, STOCK_MIME_TYPES, require_nginx

NGINX_LOCATION = HOSTING / "nginx" / "handbook-location.conf"
NGINX_HTTP = HOSTING / "nginx" / "handbook-http.conf"
HTACCESS = HOSTING / "apache" / ".htaccess"
WEB_CONFIG = HOSTING / "iis" / "web.config"
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "SAMEORIGIN",
}
HASHED = re.compile(r"\.[0-9a-f]{8,}(\.min)?\.(js|css)(\.map)?$")
VERSIONED_FOLDER = re.compile(r"[0-9]+(\.[0-9]+)+|[0-9a-f]{8,}")  # pyodide/314.0.7, wheels/<hash>


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


def test_every_configuration_sends_the_same_policy():
    nginx = re.findall(r'add_header Content-Security-Policy "([^"]*)" always;', NGINX_LOCATION.read_text())
    apache = re.findall(r'Header always set Content-Security-Policy "([^"]*)"', HTACCESS.read_text())
    iis = [element.get("value") for element in ElementTree.parse(WEB_CONFIG).iter("add")
           if element.get("name") == "Content-Security-Policy"]
    assert nginx == apache == iis == [POLICY]


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
    for line in ("AddType application/wasm .wasm", "AddType text/javascript .js", "AddEncoding gzip .gz",
                 "AddEncoding br .br", "RemoveLanguage .br", "RewriteEngine On", "AddOutputFilterByType DEFLATE"):
        assert line in text, line
    for name, value in SECURITY_HEADERS.items():
        assert f'Header always set {name} "{value}"' in text, name
    assert 'Header set Cache-Control "public, max-age=31536000, immutable" env=HANDBOOK_VERSIONED' in text
    assert 'SetEnvIf Request_URI "/assets/handbook/[^/]+/([0-9]+(\\.[0-9]+)+|[0-9a-f]{8,})/"' in text
    # Only FileInfo directives: <If> and Options would need more than AllowOverride FileInfo.
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    assert "<If " not in body and not re.search(r"^\s*(Options|DirectoryIndex|Expires\w+)\b", body, re.M)


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


def test_the_folders_iis_keeps_for_a_year_hold_only_versioned_files(site_dir):
    """IIS can only choose a lifetime by folder, so every file in those folders must carry its
    version in its name or in a folder's name (the other servers' rules say the same)."""
    unversioned = []
    for folder in ("assets/handbook", "assets/javascripts", "assets/stylesheets"):
        for path in (site_dir / folder).rglob("*"):
            relative = path.relative_to(site_dir).as_posix()
            if path.is_dir() or relative.startswith("assets/javascripts/lunr/"):
                continue
            in_versioned_folder = any(VERSIONED_FOLDER.fullmatch(part) for part in path.relative_to(site_dir).parts[2:-1])
            if not in_versioned_folder and not HASHED.search(path.name.removesuffix(".gz").removesuffix(".br")):
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
