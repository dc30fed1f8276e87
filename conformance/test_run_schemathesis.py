"""The schemathesis runner's retry after a CPython crash (run by
`scripts/conformance schemathesis` before schemathesis itself)."""

import os

from run_schemathesis import TOOL_CRASH, TOOL_CRASH_ATTEMPTS, break_cycles, run_retrying

CRASH = "Traceback (most recent call last):\n" + "  File ...\n" * 500 + f"SystemError: {TOOL_CRASH}\n"


def runs(*results):
    it = iter(results)
    return lambda: next(it)


def test_a_crashed_run_is_told_in_one_line_and_run_again(tmp_path):
    said = []
    rc, out = run_retrying(runs((1, CRASH), (0, "Test cases:\n  9 generated, 9 passed")),
                           str(tmp_path), "dpsk", said.append)
    assert (rc, out) == (0, "Test cases:\n  9 generated, 9 passed")
    assert len(said) == 2
    assert "\n" not in said[0] and len(said[0]) < 300
    assert "crashed inside CPython" in said[0] and f"running it again (2/{TOOL_CRASH_ATTEMPTS})" in said[0]
    assert said[1] == out
    assert "Traceback" not in "".join(said)
    # The crash's text is kept, the passing run is the log.
    assert open(tmp_path / "dpsk.crash-1.log").read() == CRASH
    assert open(tmp_path / "dpsk.log").read() == out


def test_the_last_attempt_counts_whatever_it_says(tmp_path):
    said = []
    results = [(1, CRASH)] * TOOL_CRASH_ATTEMPTS
    rc, out = run_retrying(runs(*results), str(tmp_path), "x", said.append)
    assert rc == 1 and out == CRASH
    assert len(said) == TOOL_CRASH_ATTEMPTS
    assert said[-1] == CRASH  # a crash every time is shown in full: it may be r1's doing
    assert sorted(os.listdir(tmp_path)) == [f"x.crash-{i}.log" for i in range(1, TOOL_CRASH_ATTEMPTS)] + ["x.log"]


def test_a_real_failure_is_not_retried(tmp_path):
    said = []
    rc, out = run_retrying(runs((1, "FAILED: response violates schema")), str(tmp_path), "y", said.append)
    assert rc == 1
    assert said == ["FAILED: response violates schema"]


def test_schemas_that_refer_to_each_other_in_circles_are_cut_once():
    ref = lambda name: {"$ref": f"#/components/schemas/{name}"}
    doc = {"components": {"schemas": {
        "Tenant": {"type": "object", "properties": {"admins": {"type": "array", "items": ref("Admin")}}},
        "Admin": {"type": "object", "properties": {"tenant": ref("Tenant"), "role": ref("Role")}},
        "Role": {"type": "string"},
    }}}
    break_cycles(doc)
    schemas = doc["components"]["schemas"]
    assert schemas["Tenant"]["properties"]["admins"]["items"] == ref("Admin")
    assert schemas["Admin"]["properties"]["tenant"] == {"type": "object"}
    assert schemas["Admin"]["properties"]["role"] == ref("Role")
