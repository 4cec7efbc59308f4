"""README.md's GitHub Actions job, exercised as far as a machine without
GitHub can: the YAML is parsed; the install step's make targets are dry-run
against this repository; the slsws steps are run as written (with the slsws
under test on PATH) in a copy of a project with a finding; their output is
checked (annotations, SARIF 2.1.0) and summarised for tests/precommit/run.sh.

    python3 workflow.py WORKFLOW.yml VERSION ROOT WORKSPACE
"""
import json
import re
import subprocess
import sys

import yaml

path, version, root, workspace = sys.argv[1:5]
wf = yaml.safe_load(open(path, encoding="utf-8"))
problems = []


def need(cond, what):
    if not cond:
        problems.append(what)
    return cond


# YAML 1.1 (PyYAML) reads the key `on` as true; GitHub reads it as "on"
events = wf.get("on", wf.get(True))
print("events:", events)
(job_id, job), = wf["jobs"].items()
print("job:", job_id, "on", job["runs-on"])
print("permissions:", ", ".join(f"{k}: {v}" for k, v in job["permissions"].items()))
need(job["permissions"].get("security-events") == "write",
     "upload-sarif needs security-events: write")

sarif_file = None
for st in job["steps"]:
    label = st.get("name") or st["uses"]
    cond = f" (if {st['if']})" if "if" in st else ""
    if "uses" in st:
        need(re.fullmatch(r"[\w-]+/[\w./-]+@v\d+", st["uses"]), f"{st['uses']}: pin a major version")
        extra = "".join(f" {k}={v}" for k, v in st.get("with", {}).items())
        print(f"step {label}: uses {st['uses']}{extra}{cond}")
        if st["uses"].startswith("github/codeql-action/upload-sarif@"):
            need(st.get("with", {}).get("sarif_file") == sarif_file,
                 "upload-sarif must upload the file the SARIF step writes")
        continue
    lines = [l for l in st["run"].splitlines() if l.strip()]
    if all(l.startswith("slsws ") for l in lines):
        # run as written, in a checkout with a finding
        p = subprocess.run(st["run"], shell=True, cwd=workspace, capture_output=True, text=True)
        print(f"step {label}: `{st['run'].strip()}`{cond}: exit {p.returncode}")
        need(not p.stderr, f"{label}: stderr: {p.stderr}")
        m = re.search(r"--format (\w+)", st["run"])
        fmt = m and m.group(1)
        if fmt == "github":
            need(p.returncode == 1, "the lint gate must fail on an error")
            for line in p.stdout.splitlines():
                if not line.startswith("::"):  # a plain summary for the log
                    print(f"  plain: {line}")
                    continue
                a = re.fullmatch(r"::(error|warning|notice) file=([^,]+),line=(\d+)"
                                 r"(?:,col=\d+)?(?:,endLine=\d+)?(?:,endColumn=\d+)?,"
                                 r"title=[^:]*?(WS\d{3})\)?::(.+)", line)
                if need(a, f"not a workflow command: {line}"):
                    print(f"  annotation: {a.group(1)} {a.group(2)}:{a.group(3)} {a.group(4)}")
        elif fmt == "sarif":
            m = re.search(r">\s*(\S+)\s*$", st["run"])
            sarif_file = m.group(1)
            need(p.returncode == 0, "the SARIF step must not fail on findings (--exit-zero)")
            doc = json.load(open(f"{workspace}/{sarif_file}", encoding="utf-8"))
            run = doc["runs"][0]
            driver = run["tool"]["driver"]
            print(f"  {sarif_file}: SARIF {doc['version']}, driver {driver['name']}")
            rules = [r["id"] for r in driver.get("rules", [])]
            need(doc.get("$schema", "").endswith("sarif-2.1.0.json"), "SARIF $schema")
            for r in run["results"]:
                loc = r["locations"][0]["physicalLocation"]
                uri = loc["artifactLocation"]["uri"]
                need(not uri.startswith("/") and "://" not in uri, f"{uri}: not repo-relative")
                need(r["ruleId"] in rules, f"{r['ruleId']}: not among the driver's rules")
                print(f"  result: {r['level']} {uri}:{loc['region']['startLine']} {r['ruleId']}")
        else:
            problems.append(f"{label}: no --format github or sarif")
    else:
        print(f"step {label}: {len(lines)} commands{cond}")
        for line in lines:
            words = line.split()
            if words[:2] == ["git", "clone"]:
                need(f"--branch v{version}" in line, f"clone v{version}, this version")
            elif "make" in words:
                # the same targets, dry-run here (no sudo, no /usr/local)
                words = words[words.index("make"):]
                args = [root if w == '"$RUNNER_TEMP/slsws"' else w for w in words[1:]]
                args = [("PREFIX=" + workspace + "/prefix") if w.startswith("PREFIX=") else w
                        for w in args]
                p = subprocess.run(["make", "-n"] + args, capture_output=True, text=True)
                ok = p.returncode == 0
                if "install" in args:
                    ok = ok and f"{workspace}/prefix/bin/slsws" in p.stdout
                print(f"  make {' '.join(words[1:])}: {'ok' if ok else 'FAILED'}")
                need(ok, f"make -n {' '.join(args)}: {p.stderr}")
for p in problems:
    print("problem:", p)
