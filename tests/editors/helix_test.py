"""editors/helix/languages.toml, parsed with tomllib: the entries exactly,
the language servers each language names (slsws defined here, the others
Helix's own), and which paths its globs take under Helix's documented rule
(a relative glob gets "*/" in front and is matched against the whole path,
where "*" also crosses "/", as globset does by default). Prints one line per
failed check and "helix: N passed, N failed"; exit status 1 on a failure.
"""
import fnmatch
import sys
import tomllib

PATH = sys.argv[1] if len(sys.argv) > 1 else "editors/helix/languages.toml"

EXPECTED = {
    "language-server": {"slsws": {"command": "slsws", "args": ["lsp"]}},
    "language": [
        {
            "name": "serverless",
            "scope": "source.yaml.serverless",
            "grammar": "yaml",
            "file-types": [{"glob": "serverless.yml"}, {"glob": "serverless.yaml"}],
            "comment-token": "#",
            "indent": {"tab-width": 2, "unit": "  "},
            "language-servers": ["slsws", "yaml-language-server"],
        },
        {
            "name": "serverless-json",
            "scope": "source.json.serverless",
            "grammar": "json",
            "file-types": [{"glob": "serverless.json"}],
            "indent": {"tab-width": 2, "unit": "  "},
            "language-servers": ["slsws", "vscode-json-language-server"],
        },
    ],
}
# servers Helix's built-in languages.toml defines
HELIX_SERVERS = {"yaml-language-server", "vscode-json-language-server"}

passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL: helix {name}{': ' + detail if detail else ''}")


with open(PATH, "rb") as f:
    data = tomllib.load(f)

check("entries", data == EXPECTED, f"got {data!r}")
defined = set(data.get("language-server", {})) | HELIX_SERVERS
for lang in data.get("language", []):
    for server in lang.get("language-servers", []):
        check(f"{lang['name']} server {server} is defined", server in defined)


def language_of(path):
    for lang in data.get("language", []):
        for ft in lang.get("file-types", []):
            glob = ft["glob"] if isinstance(ft, dict) else None
            if glob is None:
                continue
            if not glob.startswith("/"):
                glob = "*/" + glob
            if fnmatch.fnmatchcase(path, glob):
                return lang["name"]
    return None


for path, want in [
    ("/srv/app/serverless.yml", "serverless"),
    ("/srv/app/services/chat/serverless.yaml", "serverless"),
    ("/srv/app/serverless.json", "serverless-json"),
    ("/srv/app/my-serverless.yml", None),
    ("/srv/app/serverless.yml.bak", None),
    ("/srv/app/other.yml", None),
    ("/srv/app/serverless.yml/handler.js", None),
]:
    got = language_of(path)
    check(f"language of {path}", got == want, f"{got!r}, expected {want!r}")

print(f"helix: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
