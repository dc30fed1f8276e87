#!/usr/bin/env python3
"""Contract coverage: compare r1's generated OpenAPI with the vendor's bundles.

    python conformance/coverage.py [--r1 openapi/r1.json] [--vendor openapi/vendor]
                                   [--behaviour docs] [--markdown-only] [--no-fail]

For every API in scope it prints operations served / operations in the vendor
bundle (matched by method + path, path-parameter names normalised), then, for
every served operation, each difference in path, method, parameters, request
and response media types, required request fields, field types, enums and
response statuses. A difference is accepted when docs/behaviour.md or
docs/behaviour/*.md records it with a line

    contract-difference: <operationId> <kind> <detail> — <reason>

(`--` may stand for the em dash; operationId and detail may use shell globs,
e.g. `*`). The command exits 1 when a served operation differs without a
recorded reason, 2 on a usage error. See docs/conformance.md.

Like is compared with like: `$ref`s are resolved on both sides; OpenAPI 3.1
`type: [T, "null"]`, `anyOf/oneOf` with a `null` branch and 3.0 `nullable`
are all reduced to T (nullability is not compared); `allOf` is merged; the
vendor's `*/*` media type (springdoc's "whatever the client accepts") matches
any media type; `format` and descriptions are not compared.
"""
from __future__ import annotations

import argparse
import fnmatch
import glob
import json
import os
import re
import sys
from dataclasses import dataclass, field

import yaml

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")

# API name, bundle file, which of its operations are in scope (None = all).
APIS = [
    ("Activities", "activities_api-0.0.1.yaml", lambda m, p, op: not p.startswith("/private/")),
    ("DPSK Service", "dpsk_service-0.0.3.yaml", None),
    ("Identity Management", "identity_management-0.0.2.yaml", None),
    ("Tenant Management", "tenant_management-0.3.0.yaml", None),
    ("MSP Services", "msp_services-0.3.3.yaml", None),
    ("MSP Services (View MSP, viewmodel bundle)", "viewmodel_service_api-1.0.42.yaml",
     lambda m, p, op: "View MSP" in (op.get("tags") or [])),
    ("Resident Portal", "resident_portal_api-0.0.1.yaml", None),
    ("Property Management (supporting)", "property_management_rest_api-1.0.1.yaml", None),
    ("Venue (supporting, Venue tag)", "venue_service_api-0.2.8.yaml",
     lambda m, p, op: "Venue" in (op.get("tags") or [])),
    ("Venue (supporting, View Venue, viewmodel bundle)", "viewmodel_service_api-1.0.42.yaml",
     lambda m, p, op: m == "post" and p == "/venues/query"),
]

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def norm_path(path: str) -> str:
    return re.sub(r"\{[^}]*\}", "{}", path.rstrip("/") or "/")


def path_params(path: str) -> list[str]:
    return re.findall(r"\{([^}]*)\}", path)


# --------------------------------------------------------------------------
# schema normalisation


class Doc:
    def __init__(self, data: dict, name: str):
        self.data = data
        self.name = name

    def resolve(self, node):
        seen = 0
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            if not ref.startswith("#/"):
                return {}
            target = self.data
            for part in ref[2:].split("/"):
                part = part.replace("~1", "/").replace("~0", "~")
                target = target.get(part, {}) if isinstance(target, dict) else {}
            # keep sibling keywords of a 3.1 $ref (rare) by merging them in
            extra = {k: v for k, v in node.items() if k != "$ref"}
            node = {**target, **extra} if extra else target
            seen += 1
            if seen > 50:
                return {}
        return node


def ref_name(node) -> str | None:
    if isinstance(node, dict) and "$ref" in node:
        return node["$ref"]
    return None


def normalise(doc: Doc, schema, depth=0) -> dict:
    """One level of normalisation: resolve refs, strip nullability, merge allOf.
    Nested property schemas stay unresolved (they are normalised on demand)."""
    schema = doc.resolve(schema) or {}
    if not isinstance(schema, dict):
        return {}
    schema = dict(schema)
    schema.pop("nullable", None)
    t = schema.get("type")
    if isinstance(t, list):
        rest = [x for x in t if x != "null"]
        if len(rest) == 1:
            schema["type"] = rest[0]
        elif not rest:
            schema.pop("type")
        else:
            schema["type"] = sorted(rest)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            branches = [b for b in schema[key]
                        if not (isinstance(doc.resolve(b), dict) and doc.resolve(b).get("type") == "null")]
            if len(branches) == 1 and depth < 20:
                del schema[key]
                inner = normalise(doc, branches[0], depth + 1)
                merged = {**inner, **{k: v for k, v in schema.items() if k not in inner}}
                schema = merged
            else:
                schema[key] = branches
    if "allOf" in schema and depth < 20:
        parts = schema.pop("allOf")
        props, req = dict(schema.get("properties") or {}), list(schema.get("required") or [])
        for part in parts:
            p = normalise(doc, part, depth + 1)
            props.update(p.get("properties") or {})
            req += p.get("required") or []
            for k, v in p.items():
                if k not in ("properties", "required"):
                    schema.setdefault(k, v)
        if props:
            schema["properties"] = props
            schema.setdefault("type", "object")
        if req:
            schema["required"] = sorted(set(req))
    if "enum" in schema:
        schema["enum"] = [e for e in schema["enum"] if e is not None]
    if "const" in schema and "enum" not in schema:
        schema["enum"] = [schema["const"]]
    if "type" not in schema and "properties" in schema:
        schema["type"] = "object"
    return schema


def type_of(s: dict):
    t = s.get("type")
    if t is None and "items" in s:
        return "array"
    return t


# --------------------------------------------------------------------------
# differences


@dataclass
class Diff:
    op: str
    kind: str
    detail: str

    def line(self):
        return f"{self.op} {self.kind} {self.detail}"


@dataclass
class Comparison:
    vdoc: Doc
    rdoc: Doc
    op: str
    diffs: list = field(default_factory=list)

    def add(self, kind, detail):
        self.diffs.append(Diff(self.op, kind, detail))

    def schema(self, where: str, v, r, pointer="$", seen=None, depth=0):
        """Compare vendor schema v with r1 schema r at pointer."""
        seen = set() if seen is None else seen
        key = (ref_name(v), ref_name(r), pointer if not (ref_name(v) and ref_name(r)) else "")
        if ref_name(v) and ref_name(r):
            if key in seen:
                return
            seen = seen | {key}
        if depth > 12:
            return
        vs, rs = normalise(self.vdoc, v), normalise(self.rdoc, r)
        if not vs or not rs:
            return  # one side untyped: nothing comparable
        vt, rt = type_of(vs), type_of(rs)
        if vt and rt and vt != rt and not ({vt, rt} == {"integer", "number"} and False):
            self.add("type", f"{where} {pointer} vendor={vt} r1={rt}")
            return
        ve, re_ = vs.get("enum"), rs.get("enum")
        if ve and re_:
            vset, rset = set(map(str, ve)), set(map(str, re_))
            if vset != rset:
                only_v = ",".join(sorted(vset - rset)) or "-"
                only_r = ",".join(sorted(rset - vset)) or "-"
                self.add("enum", f"{where} {pointer} vendor-only={only_v} r1-only={only_r}")
        elif ve and not re_ and rt in (None, "string"):
            self.add("enum", f"{where} {pointer} vendor-only={','.join(sorted(map(str, ve)))} r1-only=(any)")
        elif re_ and not ve and vt in (None, "string") and not vs.get("properties"):
            self.add("enum", f"{where} {pointer} vendor-only=(any) r1-only={','.join(sorted(map(str, re_)))}")
        kind = vt or rt
        if kind == "array" or ("items" in vs and "items" in rs):
            if "items" in vs and "items" in rs:
                self.schema(where, vs["items"], rs["items"], pointer + "[]", seen, depth + 1)
            return
        vp, rp = vs.get("properties") or {}, rs.get("properties") or {}
        if vp or rp:
            if where == "request":
                vreq, rreq = set(vs.get("required") or []), set(rs.get("required") or [])
                for name in sorted(vreq - rreq):
                    self.add("required-missing", f"{where} {pointer}.{name}")
                for name in sorted(rreq - vreq):
                    self.add("required-extra", f"{where} {pointer}.{name}")
            if vp and rp:
                for name in sorted(set(vp) - set(rp)):
                    self.add("field-missing", f"{where} {pointer}.{name}")
                for name in sorted(set(rp) - set(vp)):
                    self.add("field-extra", f"{where} {pointer}.{name}")
            elif vp and not rp and not rs.get("additionalProperties"):
                self.add("field-missing", f"{where} {pointer}.* (r1 declares no properties)")
            for name in sorted(set(vp) & set(rp)):
                self.schema(where, vp[name], rp[name], f"{pointer}.{name}", seen, depth + 1)
        va, ra = vs.get("additionalProperties"), rs.get("additionalProperties")
        if isinstance(va, dict) and isinstance(ra, dict):
            self.schema(where, va, ra, pointer + "{}", seen, depth + 1)


def media_match(vendor_types, r1_types):
    """Return (vendor-only, r1-only) media types; */* on the vendor side matches anything."""
    v, r = set(vendor_types), set(r1_types)
    if "*/*" in v:
        v.discard("*/*")
        if not v:
            return set(), set()
        # */* plus explicit types: r1 types beyond the explicit ones are fine
        return v - r, set()
    return v - r, r - v


def pick_schema(content: dict, mt: str):
    if mt in content:
        return (content[mt] or {}).get("schema")
    if "*/*" in content:
        return (content["*/*"] or {}).get("schema")
    for alt in ("application/json", "application/vnd.ruckus.v1+json"):
        if alt in content:
            return (content[alt] or {}).get("schema")
    return None


def op_params(doc: Doc, path_item: dict, op: dict) -> dict:
    out = {}
    for p in list(path_item.get("parameters") or []) + list(op.get("parameters") or []):
        p = doc.resolve(p)
        if not isinstance(p, dict) or "name" not in p:
            continue
        schema = normalise(doc, p.get("schema") or {})
        explode = p.get("explode", p.get("style", "form") == "form")
        if p.get("in") == "query" and explode and p.get("style", "form") == "form" \
                and type_of(schema) == "object" and schema.get("properties"):
            # an exploded object in the query (springdoc's `pageable`): its properties
            # are the parameters a client sends (page, size, sort)
            req = set(schema.get("required") or [])
            for name, sub in schema["properties"].items():
                out[("query", name)] = {"name": name, "in": "query", "required": name in req, "schema": sub}
            continue
        out[(p.get("in"), p["name"] if p.get("in") != "header" else p["name"].lower())] = p
    return out


def compare_operation(vdoc, vpath, vmethod, vitem, vop, rdoc, rpath, rmethod, ritem, rop, op_id):
    c = Comparison(vdoc, rdoc, op_id)
    if rpath != vpath:
        c.add("path", f"{rpath} vendor={vpath}")
    if rmethod != vmethod:
        c.add("method", f"{rmethod.upper()} vendor={vmethod.upper()}")
    # parameters: path parameters are compared by position (names are in the path diff)
    vparams, rparams = op_params(vdoc, vitem, vop), op_params(rdoc, ritem, rop)
    vpp, rpp = path_params(vpath), path_params(rpath)
    rename = dict(zip(rpp, vpp))
    rparams = {(("path", rename.get(n, n)) if i == "path" else (i, n)): p for (i, n), p in rparams.items()}
    for key in sorted(set(vparams) - set(rparams)):
        if key[0] == "header" and key[1] in ("authorization", "content-type", "accept"):
            continue
        c.add("param-missing", f"{key[0]}:{key[1]}" + (" (required)" if vparams[key].get("required") else ""))
    for key in sorted(set(rparams) - set(vparams)):
        c.add("param-extra", f"{key[0]}:{key[1]}")
    for key in sorted(set(vparams) & set(rparams)):
        vp, rp = vparams[key], rparams[key]
        if bool(vp.get("required")) != bool(rp.get("required")):
            c.add("param-required", f"{key[0]}:{key[1]} vendor={bool(vp.get('required'))} r1={bool(rp.get('required'))}")
        if vp.get("schema") and rp.get("schema"):
            c.schema(f"param:{key[0]}:{key[1]}", vp["schema"], rp["schema"])
    # request body
    vbody, rbody = vdoc.resolve(vop.get("requestBody")) or {}, rdoc.resolve(rop.get("requestBody")) or {}
    vcontent, rcontent = vbody.get("content") or {}, rbody.get("content") or {}
    if vcontent and not rcontent:
        c.add("request-body-missing", ",".join(sorted(vcontent)))
    elif rcontent and not vcontent:
        c.add("request-body-extra", ",".join(sorted(rcontent)))
    elif vcontent and rcontent:
        vonly, ronly = media_match(vcontent, rcontent)
        for mt in sorted(vonly):
            c.add("request-media-missing", mt)
        for mt in sorted(ronly):
            c.add("request-media-extra", mt)
        if bool(vbody.get("required")) != bool(rbody.get("required")):
            c.add("request-body-required", f"vendor={bool(vbody.get('required'))} r1={bool(rbody.get('required'))}")
        compared = set()
        for mt in rcontent:
            vs, rs = pick_schema(vcontent, mt), (rcontent[mt] or {}).get("schema")
            if vs is None or rs is None:
                continue
            sig = (json.dumps(vs, sort_keys=True), json.dumps(rs, sort_keys=True))
            if sig in compared:
                continue
            compared.add(sig)
            c.schema("request", vs, rs)
    # responses
    vresp, rresp = vop.get("responses") or {}, rop.get("responses") or {}
    for st in sorted(set(vresp) - set(rresp)):
        c.add("status-missing", str(st))
    for st in sorted(set(rresp) - set(vresp)):
        c.add("status-extra", str(st))
    for st in sorted(set(vresp) & set(rresp)):
        vr, rr = vdoc.resolve(vresp[st]) or {}, rdoc.resolve(rresp[st]) or {}
        vc, rc = vr.get("content") or {}, rr.get("content") or {}
        if vc and not rc:
            c.add("response-media-missing", f"{st} " + ",".join(sorted(vc)) + " (r1 declares no body)")
            continue
        if rc and not vc:
            c.add("response-media-extra", f"{st} " + ",".join(sorted(rc)) + " (vendor declares no body)")
            continue
        vonly, ronly = media_match(vc, rc)
        for mt in sorted(vonly):
            c.add("response-media-missing", f"{st} {mt}")
        for mt in sorted(ronly):
            c.add("response-media-extra", f"{st} {mt}")
        compared = set()
        for mt in rc:
            vs, rs = pick_schema(vc, mt), (rc[mt] or {}).get("schema")
            if vs is None or rs is None:
                continue
            sig = (json.dumps(vs, sort_keys=True), json.dumps(rs, sort_keys=True))
            if sig in compared:
                continue
            compared.add(sig)
            c.schema(f"response:{st}", vs, rs)
    # de-duplicate (same difference found through two media types)
    out, seen = [], set()
    for d in c.diffs:
        if d.line() not in seen:
            seen.add(d.line())
            out.append(d)
    return out


# --------------------------------------------------------------------------
# recorded reasons

REASON_RE = re.compile(r"contract-difference:\s*(\S+)\s+(\S+?)(?:\s+(.*?))?\s+(?:—|--)\s+(.+)$")


def load_reasons(behaviour_dir: str):
    reasons = []
    files = [os.path.join(behaviour_dir, "behaviour.md")] + sorted(
        glob.glob(os.path.join(behaviour_dir, "behaviour", "*.md")))
    for f in files:
        if not os.path.exists(f):
            continue
        with open(f, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                line = line.strip().strip("`").strip()
                line = re.sub(r"^[-*]\s+", "", line).strip("`")
                if "contract-difference:" not in line:
                    continue
                m = REASON_RE.search(line)
                if not m:
                    print(f"warning: {f}:{n}: unparsable contract-difference line", file=sys.stderr)
                    continue
                reasons.append({"op": m.group(1), "kind": m.group(2), "detail": (m.group(3) or "").strip().strip("`"),
                                "reason": m.group(4), "where": f"{os.path.relpath(f, REPO)}:{n}", "used": 0})
    return reasons


def find_reason(reasons, d: Diff):
    for r in reasons:
        if fnmatch.fnmatchcase(d.op, r["op"]) and fnmatch.fnmatchcase(d.kind, r["kind"]) \
                and (r["detail"] == d.detail or fnmatch.fnmatchcase(d.detail, r["detail"])):
            r["used"] += 1
            return r
    return None


# --------------------------------------------------------------------------


def load_yaml(path):
    with open(path, encoding="utf-8") as fh:
        if path.endswith(".json"):
            return json.load(fh)
        return yaml.safe_load(fh)


def iter_ops(data):
    for p, item in (data.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for m, op in item.items():
            if m in HTTP_METHODS and isinstance(op, dict):
                yield p, m, item, op


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--r1", default=os.path.join(REPO, "openapi", "r1.json"),
                    help="r1's generated OpenAPI document (default openapi/r1.json)")
    ap.add_argument("--vendor", default=None,
                    help="directory of vendor bundles (default openapi/vendor, else ../shared/reference/openapi)")
    ap.add_argument("--behaviour", default=os.path.join(REPO, "docs"),
                    help="directory holding behaviour.md and behaviour/*.md")
    ap.add_argument("--markdown-only", action="store_true", help="print only the Markdown coverage table")
    ap.add_argument("--no-fail", action="store_true", help="exit 0 even with unrecorded differences")
    ap.add_argument("--json", help="also write the full result as JSON to this file")
    args = ap.parse_args(argv)

    vendor_dir = args.vendor
    if not vendor_dir:
        for cand in (os.path.join(REPO, "openapi", "vendor"), os.path.join(REPO, "..", "shared", "reference", "openapi")):
            if os.path.isdir(cand):
                vendor_dir = cand
                break
    if not vendor_dir or not os.path.isfile(args.r1):
        print(f"error: need the vendor bundles ({vendor_dir}) and r1's document ({args.r1}); "
              "generate it with: target/debug/r1-server openapi > openapi/r1.json", file=sys.stderr)
        return 2

    r1data = load_yaml(args.r1)
    rdoc = Doc(r1data, "r1")
    r1ops = {}
    for p, m, item, op in iter_ops(r1data):
        r1ops[(m, norm_path(p))] = (p, m, item, op)

    reasons = load_reasons(args.behaviour)
    matched = set()
    per_api, all_diffs, unrecorded = [], [], []
    vendor_by_opid = {}
    for api, fname, scope in APIS:
        vdata = load_yaml(os.path.join(vendor_dir, fname))
        vdoc = Doc(vdata, fname)
        ops = [(p, m, item, op) for p, m, item, op in iter_ops(vdata) if scope is None or scope(m, p, op)]
        served = []
        for p, m, item, op in ops:
            vendor_by_opid.setdefault((api, op.get("operationId")), (api, vdoc, p, m, item, op))
            key = (m, norm_path(p))
            if key in r1ops:
                matched.add(key)
                rp, rm, ritem, rop = r1ops[key]
                op_id = rop.get("operationId") or op.get("operationId") or f"{m.upper()} {p}"
                if rop.get("operationId") and op.get("operationId") and rop["operationId"] != op["operationId"]:
                    diffs = [Diff(op_id, "operation-id", f"vendor={op['operationId']}")]
                else:
                    diffs = []
                diffs += compare_operation(vdoc, p, m, item, op, rdoc, rp, rm, ritem, rop, op_id)
                served.append((m.upper(), p, op_id, diffs))
        per_api.append({"api": api, "bundle": fname, "reference": len(ops), "served": served,
                        "paths": {norm_path(p).split("/")[1] for p, *_ in ops if len(p) > 1},
                        "tags": {t for *_, op in ops for t in (op.get("tags") or [])}})

    # served operations the bundles lack: attribute them to an API by tag, then by first path segment;
    # when r1 uses a vendor operationId at another path or method, report it as a path/method difference.
    extra = []
    for key, (p, m, item, op) in sorted(r1ops.items(), key=lambda kv: (kv[1][0], kv[1][1])):
        if key in matched:
            continue
        api = None
        for a in per_api:
            if set(op.get("tags") or []) & a["tags"]:
                api = a["api"]
                break
        if api is None:
            seg = norm_path(p).split("/")[1] if len(p) > 1 else ""
            for a in per_api:
                if seg in a["paths"]:
                    api = a["api"]
                    break
        oid = op.get("operationId")
        diffs = []
        if (api, oid) in vendor_by_opid:  # same API only: operationIds repeat across bundles
            vapi, vdoc, vp, vm, vitem, vop = vendor_by_opid[(api, oid)]
            diffs = compare_operation(vdoc, vp, vm, vitem, vop, rdoc, p, m, item, op, oid)
        extra.append({"api": api or "Other (OAuth2 token, r1's own)", "method": m.upper(), "path": p,
                      "operationId": oid, "diffs": diffs})

    # ---- report
    def judge(diffs):
        out = []
        for d in diffs:
            r = find_reason(reasons, d)
            out.append((d, r))
            all_diffs.append((d, r))
            if r is None:
                unrecorded.append(d)
        return out

    lines = []
    if not args.markdown_only:
        print(f"r1 document: {os.path.relpath(args.r1)}  vendor bundles: {os.path.relpath(vendor_dir)}")
        print(f"recorded contract differences: {len(reasons)} (docs/behaviour.md, docs/behaviour/*.md)\n")
        for a in per_api:
            print(f"== {a['api']} ({a['bundle']}): {len(a['served'])}/{a['reference']} operations served")
            for method, p, op_id, diffs in a["served"]:
                judged = judge(diffs)
                bad = sum(1 for _, r in judged if r is None)
                status = "ok" if not diffs else (f"{len(diffs)} differences, {bad} unrecorded" if bad
                                                 else f"{len(diffs)} differences, all recorded")
                print(f"  {method:6} {p}  [{op_id}]  {status}")
                for d, r in judged:
                    mark = "  recorded" if r else "UNRECORDED"
                    print(f"      {mark}  {d.kind} {d.detail}" + (f"   ({r['where']})" if r else ""))
            beyond = [e for e in extra if e["api"] == a["api"]]
            if beyond:
                print(f"  served beyond the bundle: {len(beyond)}")
                for e in beyond:
                    print(f"    {e['method']:6} {e['path']}  [{e['operationId']}]")
                    for d, r in judge(e["diffs"]):
                        print(f"      {'  recorded' if r else 'UNRECORDED'}  {d.kind} {d.detail}")
            print()
        others = [e for e in extra if e["api"] not in {a["api"] for a in per_api}]
        if others:
            print(f"== served operations outside the bundles: {len(others)}")
            for e in others:
                print(f"    {e['method']:6} {e['path']}  [{e['operationId']}]")
            print()
    else:
        for a in per_api:
            for *_, diffs in a["served"]:
                judge(diffs)
            for e in extra:
                if e["api"] == a["api"]:
                    judge(e["diffs"])

    # Markdown table
    lines.append("| API | bundle | served / in the bundle | also served (beyond the bundle) | differences (recorded / total) |")
    lines.append("|---|---|---|---|---|")
    tot_s = tot_r = 0
    for a in per_api:
        n = sum(len(d) for *_, d in a["served"]) + sum(len(e["diffs"]) for e in extra if e["api"] == a["api"])
        rec = sum(1 for *_, d in a["served"] for x in d if find_reason(reasons, x)) + \
            sum(1 for e in extra if e["api"] == a["api"] for x in e["diffs"] if find_reason(reasons, x))
        beyond = sum(1 for e in extra if e["api"] == a["api"])
        if "supporting" not in a["api"]:
            tot_s += len(a["served"])
            tot_r += a["reference"]
        lines.append(f"| {a['api']} | `{a['bundle']}` | {len(a['served'])} / {a['reference']} | {beyond} | {rec} / {n} |")
    others = sum(1 for e in extra if e["api"] not in {a["api"] for a in per_api})
    lines.append(f"| **in scope (without the supporting API)** | | **{tot_s} / {tot_r}** | {others} outside the bundles | |")
    if not args.markdown_only:
        print("== coverage table (Markdown)\n")
    print("\n".join(lines))
    # null-optional-fields records are for the schemathesis check (run_schemathesis.py)
    unused = [r for r in reasons if not r["used"] and r["kind"] != "null-optional-fields"]
    if not args.markdown_only:
        print()
        for r in unused:
            print(f"note: recorded difference matches nothing now: {r['op']} {r['kind']} {r['detail']} ({r['where']})")
        print(f"differences: {len(all_diffs)}, recorded: {len(all_diffs) - len(unrecorded)}, unrecorded: {len(unrecorded)}")
        if unrecorded:
            print("\nUnrecorded differences (record each with its reason in docs/behaviour.md or docs/behaviour/<api>.md):")
            for d in unrecorded:
                print(f"contract-difference: {d.op} {d.kind} {d.detail} — <reason>")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump({"apis": [{"api": a["api"], "bundle": a["bundle"], "reference": a["reference"],
                                 "served": [{"method": m, "path": p, "operationId": o,
                                             "differences": [d.line() for d in ds]} for m, p, o, ds in a["served"]]}
                                for a in per_api],
                       "beyond": [{k: v for k, v in e.items() if k != "diffs"} for e in extra],
                       "unrecorded": [d.line() for d in unrecorded]}, fh, indent=1)
    if unrecorded and not args.no_fail:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
