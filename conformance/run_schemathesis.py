#!/usr/bin/env python3
"""Response conformance: schemathesis against a running r1.

    python conformance/run_schemathesis.py --url http://127.0.0.1:PORT [--max-examples N]

1. Asks the server which operations it serves (GET /_r1/info) and gets a real
   token from POST /oauth2/token/{tenantId} (bootstrap client).
2. For every vendor bundle (openapi/vendor, scope as in coverage.py) that has a
   served operation, writes a test copy to .conformance/schemas/ holding only the
   served operations; the served operations that no bundle has (client-used
   ones, the legacy activity path, the token) are tested with r1's own document
   (GET /openapi.json), pruned the same way.
3. In each copy, adds to every operation the statuses that the contract defines
   for every operation but the bundles leave out (see STATUSES_EVERY_API), with
   no body schema; removes the duplicate tag of the Property Management bundle
   and reads its `$ref`-with-siblings unit edit body as the `$ref`.
4. Runs `schemathesis run` on each copy with the checks not_a_server_error,
   status_code_conformance, content_type_conformance,
   response_schema_conformance, phases examples,coverage,fuzzing,stateful
   (stateful links: schemathesis' own dependency analysis injects them, plus the
   links added here from create operations to the operations on the created
   resource), and a bounded number of examples per operation.
5. Prints the number of test cases run per document and in total; exits 1 when
   any run found a failure.
"""
from __future__ import annotations

import argparse
import copy
import json
import os
import re
import subprocess
import sys
import urllib.request
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from coverage import (APIS, HTTP_METHODS, REPO, Doc, compare_operation, find_reason,  # noqa: E402
                      iter_ops, load_reasons, load_yaml, norm_path)

# Recorded response differences (docs/behaviour*.md) that make schemathesis use
# r1's own response declaration for that operation and status.
RESPONSE_KINDS = {"type", "enum", "field-missing", "field-extra", "status-extra",
                  "response-media-extra", "response-media-missing"}

TENANT = os.environ.get("R1_TENANT_ID", "00000000000000000000000000000001")
CLIENT_ID = os.environ.get("R1_CLIENT_ID", "r1-client")
CLIENT_SECRET = os.environ.get("R1_CLIENT_SECRET", "r1-secret")

# Statuses CONTRACT.md defines for every operation of every API that the bundles
# mostly omit: 400 invalid input (negative cases), 401 missing/invalid token,
# 404 unknown id, 415 unsupported body media type, 429 rate limit. A response
# with one of them is "documented"; its body is not schema-checked (the bundles
# give no error schema for most operations). 5xx is never documented.
STATUSES_EVERY_API = {
    "400": "Invalid input (CONTRACT.md: every API)",
    "401": "Missing or invalid authentication (CONTRACT.md: every API)",
    "404": "Not found (CONTRACT.md: every API)",
    "415": "Unsupported media type (CONTRACT.md: every API)",
    "429": "Rate limited (CONTRACT.md: every API)",
}

CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"


def http_json(url, data=None, headers=None, form=False):
    body = None
    headers = dict(headers or {})
    if data is not None:
        if form:
            body = urllib.parse.urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        else:
            body = json.dumps(data).encode()
            headers["Content-Type"] = "application/json"
    req = urllib.request.Request(url, data=body, headers=headers, method="POST" if body is not None else "GET")
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.load(resp)


def get_token(url):
    data = http_json(f"{url}/oauth2/token/{TENANT}",
                     {"grant_type": "client_credentials", "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET},
                     form=True)
    return data["access_token"]


def add_links(doc):
    """Links from a create operation (POST on a collection, answering 200/201/202
    with an `id`) to every served operation on `<collection>/{param}...`."""
    ops = list(iter_ops(doc))
    added = 0
    for p, m, item, op in ops:
        if m != "post" or p.endswith("}") or p.endswith("/query") or "csvFile" in p:
            continue
        for st in ("201", "202", "200"):
            if st in (op.get("responses") or {}):
                break
        else:
            continue
        resp = op["responses"][st]
        if "$ref" in resp:
            continue
        prefix = p.rstrip("/") + "/{"
        own = re.findall(r"\{([^}]*)\}", p)
        pointer = id_pointer(doc, resp)
        for p2, m2, item2, op2 in ops:
            if not p2.startswith(prefix):
                continue
            params2 = re.findall(r"\{([^}]*)\}", p2)
            if len(params2) <= len(own):
                continue
            new = params2[len(own)]
            link_params = {new: f"$response.body#{pointer}"}
            for a, b in zip(own, params2):
                link_params[b] = f"$request.path.{a}"
            name = f"{op2.get('operationId') or m2 + p2}"
            links = resp.setdefault("links", {})
            if name not in links and op2.get("operationId"):
                links[name] = {"operationId": op2["operationId"], "parameters": link_params}
                added += 1
    return added


def id_pointer(doc, resp):
    """Where a create answer holds the new id: `/id`, or `/response/id` for
    the Venue bundle's `OperationResponse*` envelope."""
    d = Doc(doc, "")
    for media in (resp.get("content") or {}).values():
        schema = d.resolve((media or {}).get("schema")) or {}
        props = schema.get("properties") or {}
        if "id" not in props and "id" in ((d.resolve(props.get("response")) or {}).get("properties") or {}):
            return "/response/id"
    return "/id"


def drop_ref_siblings(node):
    """A schema holding `$ref` beside its own keywords read as its `$ref`, as
    OpenAPI 3.0 reads it: the Property Management bundle's unit edit body
    overrides `Unit.resident` with a string, which no body can satisfy
    (recorded as a contract difference; r1 reads the `Unit` it refers to)."""
    if isinstance(node, dict):
        node = {k: drop_ref_siblings(v) for k, v in node.items()}
        if "$ref" in node and any(k in node for k in ("properties", "type", "required", "items")):
            return {k: v for k, v in node.items() if k in ("$ref", "description")}
        return node
    if isinstance(node, list):
        return [drop_ref_siblings(v) for v in node]
    return node


def inline(doc, node, depth=0, stack=()):
    """node with every local $ref replaced by its target (a cycle becomes {})."""
    if isinstance(node, dict):
        if "$ref" in node and isinstance(node["$ref"], str) and node["$ref"].startswith("#/"):
            ref = node["$ref"]
            if ref in stack or depth > 40:
                return {}
            target = Doc(doc, "").resolve({"$ref": ref})
            extra = {k: v for k, v in node.items() if k != "$ref"}
            return inline(doc, {**target, **extra}, depth + 1, stack + (ref,))
        return {k: inline(doc, v, depth + 1, stack) for k, v in node.items()}
    if isinstance(node, list):
        return [inline(doc, v, depth + 1, stack) for v in node]
    return node


def to_openapi30(node):
    """3.1 nullability (type lists, oneOf/anyOf with a null branch) as 3.0 `nullable`."""
    if isinstance(node, list):
        return [to_openapi30(v) for v in node]
    if not isinstance(node, dict):
        return node
    node = {k: to_openapi30(v) for k, v in node.items()}
    t = node.get("type")
    if isinstance(t, list):
        rest = [x for x in t if x != "null"]
        if "null" in t:
            node["nullable"] = True
        if len(rest) == 1:
            node["type"] = rest[0]
        elif not rest:
            node.pop("type")
        else:
            node.pop("type")
            node["anyOf"] = [{"type": x} for x in rest]
    for key in ("oneOf", "anyOf"):
        if key in node and isinstance(node[key], list):
            branches = [b for b in node[key] if not (isinstance(b, dict) and b.get("type") == "null")]
            if len(branches) < len(node[key]):
                if len(branches) == 1:
                    del node[key]
                    node = {**branches[0], **node, "nullable": True}
                else:
                    node[key] = branches
                    node["nullable"] = True
    if "const" in node:
        node["enum"] = [node.pop("const")]
    return node


def accept_recorded(vdoc_data, vname, own, served_ops, reasons, openapi30):
    """Use r1's response declaration where a recorded difference says r1 differs on purpose."""
    vdoc, rdoc = Doc(vdoc_data, vname), Doc(own, "r1")
    own_ops = {(m, norm_path(p)): (p, m, item, op) for p, m, item, op in iter_ops(own)}
    done = []
    for p, m, item, op in list(iter_ops(vdoc_data)):
        key = (m, norm_path(p))
        if key not in own_ops:
            continue
        rp, rm, ritem, rop = own_ops[key]
        op_id = rop.get("operationId") or op.get("operationId")
        statuses = set()
        for d in compare_operation(vdoc, p, m, item, op, rdoc, rp, rm, ritem, rop, op_id):
            if d.kind not in RESPONSE_KINDS or not find_reason(reasons, d):
                continue
            first = d.detail.split()[0]
            st = first.split(":", 1)[1] if first.startswith("response:") else first
            if st in (rop.get("responses") or {}):
                statuses.add(st)
        for st in sorted(statuses):
            resp = inline(own, rdoc.resolve(rop["responses"][st]))
            op.setdefault("responses", {})[st] = to_openapi30(resp) if openapi30 else resp
            done.append(f"{op_id} {st}")
    return done


def nullable_optional(node, openapi30, depth=0):
    """Mark every property that its object does not require as nullable."""
    if depth > 40:
        return node
    if isinstance(node, list):
        return [nullable_optional(v, openapi30, depth + 1) for v in node]
    if not isinstance(node, dict):
        return node
    node = {k: nullable_optional(v, openapi30, depth + 1) for k, v in node.items()}
    props = node.get("properties")
    if isinstance(props, dict):
        req = set(node.get("required") or [])
        for name, sch in props.items():
            if name in req or not isinstance(sch, dict):
                continue
            if openapi30:
                props[name] = {**sch, "nullable": True}
            else:
                props[name] = {"anyOf": [sch, {"type": "null"}]}
    return node


def accept_null_optional(vdoc_data, reasons, openapi30):
    """Operations with a recorded `null-optional-fields` difference: their response
    schemas are inlined and every optional property accepts null."""
    done = []
    for p, m, item, op in list(iter_ops(vdoc_data)):
        op_id = op.get("operationId") or ""
        hit = [r for r in reasons if r["kind"] == "null-optional-fields"
               and __import__("fnmatch").fnmatchcase(op_id, r["op"])]
        if not hit:
            continue
        for r in hit:
            r["used"] += 1
        for st, resp in list((op.get("responses") or {}).items()):
            op["responses"][st] = nullable_optional(inline(vdoc_data, resp), openapi30)
        done.append(op_id)
    return done


def break_cycles(doc):
    """Makes the component schemas acyclic: a $ref back into a schema still
    being expanded becomes a bare object. The Tenant bundle's schemas refer to
    each other in circles (Tenant, PrivilegeGroup, CustomRole, Authentication,
    AuthDomain); generating bodies from them never ends."""
    schemas = (doc.get("components") or {}).get("schemas") or {}
    prefix = "#/components/schemas/"
    state = {}

    def refs(node):
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith(prefix):
                yield node
            for v in node.values():
                yield from refs(v)
        elif isinstance(node, list):
            for v in node:
                yield from refs(v)

    def visit(name):
        state[name] = "open"
        for node in list(refs(schemas.get(name))):
            target = node["$ref"][len(prefix):]
            if state.get(target) == "open":
                node.clear()
                node["type"] = "object"
            elif target not in state and target in schemas:
                visit(target)
        state[name] = "done"

    for name in list(schemas):
        if name not in state:
            visit(name)


def prepare(doc, keep, add_statuses=True):
    """Prune doc to the operations in keep ({(method, normpath)}), add statuses."""
    doc = copy.deepcopy(doc)
    paths = {}
    n = 0
    for p, item in (doc.get("paths") or {}).items():
        new_item = {k: v for k, v in item.items() if k not in HTTP_METHODS}
        for m in HTTP_METHODS:
            if m in item and (m, norm_path(p)) in keep:
                op = item[m]
                if add_statuses:
                    responses = op.setdefault("responses", {})
                    if "default" not in responses:
                        for st, desc in STATUSES_EVERY_API.items():
                            responses.setdefault(st, {"description": desc})
                new_item[m] = op
                n += 1
        if any(m in new_item for m in HTTP_METHODS):
            paths[p] = new_item
    doc["paths"] = drop_ref_siblings(paths)
    break_cycles(doc)
    # Property Management declares a tag twice; validators refuse that.
    if isinstance(doc.get("tags"), list):
        seen, tags = set(), []
        for t in doc["tags"]:
            if t.get("name") not in seen:
                seen.add(t.get("name"))
                tags.append(t)
        doc["tags"] = tags
    return doc, n


def count_cases(output: str) -> int:
    # schemathesis 4 summary: "Test cases:\n  1234 generated, 1200 passed, ..." (format varies a little)
    m = re.search(r"Test cases:\s*\n?\s*(\d+)\s+generated", output)
    if m:
        return int(m.group(1))
    m = re.search(r"(\d+)\s+generated", output)
    return int(m.group(1)) if m else 0


# CPython 3.11 sometimes fails inside ast.parse while hypothesis describes a
# recursive strategy (seen with the two-worker runs here); the run then ends
# with a "Runtime Error" that says nothing about r1. Such a run, and only such
# a run, is repeated.
TOOL_CRASH = "AST constructor recursion depth mismatch"
TOOL_CRASH_ATTEMPTS = 5


def run_retrying(run_once, reports_dir, name, say=lambda line: print(line, flush=True)):
    """Runs schemathesis (`run_once() -> (returncode, output)`), again after
    the CPython crash above, and prints the output of the run that counts.
    A crashed run's own text (a traceback of thousands of characters) says
    nothing about r1: it is kept in a file and told in one line."""
    log = os.path.join(reports_dir, f"{name}.log")
    for attempt in range(1, TOOL_CRASH_ATTEMPTS + 1):
        rc, out = run_once()
        with open(log, "w") as fh:
            fh.write(out)
        if rc != 0 and TOOL_CRASH in out and attempt < TOOL_CRASH_ATTEMPTS:
            kept = os.path.join(reports_dir, f"{name}.crash-{attempt}.log")
            os.replace(log, kept)
            say(f"=== schemathesis crashed inside CPython ({TOOL_CRASH!r}), not a finding about r1; "
                f"running it again ({attempt + 1}/{TOOL_CRASH_ATTEMPTS}); its output: {kept}")
            continue
        say(out)
        return rc, out


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--vendor", default=os.path.join(REPO, "openapi", "vendor"))
    ap.add_argument("--out", default=os.path.join(REPO, ".conformance"))
    ap.add_argument("--max-examples", type=int, default=int(os.environ.get("R1_CONFORMANCE_MAX_EXAMPLES", "25")))
    ap.add_argument("--max-time", type=int, default=int(os.environ.get("R1_CONFORMANCE_MAX_TIME", "0")),
                    help="seconds per document (0: no time budget, bounded by --max-examples)")
    ap.add_argument("--seed", default=os.environ.get("R1_CONFORMANCE_SEED", "20261123"))
    ap.add_argument("--behaviour", default=os.path.join(REPO, "docs"),
                    help="directory holding behaviour.md and behaviour/*.md (recorded differences)")
    ap.add_argument("--only", help="run only the document whose name contains this")
    ap.add_argument("extra", nargs="*", help="extra arguments for schemathesis run (after --)")
    args = ap.parse_args(argv)
    url = args.url.rstrip("/")

    info = http_json(f"{url}/_r1/info")
    served = {(o["method"].lower(), norm_path(o["path"])): o["operationId"] for o in info["operations"]}
    token = get_token(url)
    own = http_json(f"{url}/openapi.json")

    schemas_dir = os.path.join(args.out, "schemas")
    reports_dir = os.path.join(args.out, "reports")
    os.makedirs(schemas_dir, exist_ok=True)
    os.makedirs(reports_dir, exist_ok=True)

    reasons = load_reasons(args.behaviour)
    runs, in_bundles = [], set()
    for api, fname, scope in APIS:
        vdoc = load_yaml(os.path.join(args.vendor, fname))
        accepted = accept_recorded(vdoc, fname, own, served, reasons,
                                   openapi30=str(vdoc.get("openapi", "")).startswith("3.0"))
        for a in accepted:
            print(f"recorded difference: using r1's declared response for {a}")
        nulls = accept_null_optional(vdoc, reasons, openapi30=str(vdoc.get("openapi", "")).startswith("3.0"))
        if nulls:
            print(f"recorded difference (null-optional-fields): optional fields may be null in {', '.join(nulls)}")
        keep = {(m, norm_path(p)) for p, m, item, op in iter_ops(vdoc)
                if (scope is None or scope(m, p, op)) and (m, norm_path(p)) in served}
        if not keep:
            continue
        in_bundles |= keep
        doc, n = prepare(vdoc, keep)
        links = add_links(doc)
        out = os.path.join(schemas_dir, fname.replace(".yaml", ".json"))
        with open(out, "w") as fh:
            json.dump(doc, fh, indent=1)
        runs.append((f"{api} (vendor bundle {fname})", out, n, links))
    rest = set(served) - in_bundles
    if rest:
        doc, n = prepare(own, rest)
        doc["openapi"] = own.get("openapi", "3.1.0")
        links = add_links(doc)
        out = os.path.join(schemas_dir, "r1-own.json")
        with open(out, "w") as fh:
            json.dump(doc, fh, indent=1)
        runs.append(("operations beyond the bundles (r1's own document)", out, n, links))

    exe = os.path.join(os.path.dirname(sys.executable), "schemathesis")
    total, failed = 0, []
    summary = []
    for title, path, n, links in runs:
        if args.only and args.only not in title and args.only not in path:
            continue
        name = os.path.splitext(os.path.basename(path))[0]
        cmd = [exe, "run", path, "--url", url,
               "-H", f"Authorization: Bearer {token}",
               "--checks", CHECKS,
               "--phases", "examples,coverage,fuzzing,stateful",
               "--max-examples", str(args.max_examples),
               "--seed", str(args.seed),
               "--workers", "2",
               "--request-timeout", "20",
               "--suppress-health-check", "all",
               "--warnings", "off",
               "--report", "junit",
               "--report-junit-path", os.path.join(reports_dir, f"{name}.junit.xml"),
               "--generation-database", "none",
               "--no-color"] + (["--max-time", str(args.max_time)] if args.max_time else []) + args.extra
        print(f"\n=== schemathesis: {title}: {n} operations, {links} links added", flush=True)
        env = dict(os.environ, SCHEMATHESIS_HOOKS="", NO_COLOR="1")
        def run_once():
            proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
            return proc.returncode, proc.stdout.replace(token, "<token>")

        rc, out = run_retrying(run_once, reports_dir, name)
        cases = count_cases(out)
        total += cases
        summary.append((title, n, cases, rc))
        if rc != 0:
            failed.append(title)

    print("\n=== schemathesis summary")
    for title, n, cases, rc in summary:
        print(f"  {'PASS' if rc == 0 else 'FAIL'}  {title}: {n} operations, {cases} test cases")
    print(f"schemathesis test cases run: {total}")
    if failed:
        print("failed: " + "; ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
