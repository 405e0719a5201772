"""``attache serve`` end to end: the real command on a free port, fetched over HTTP."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from urllib.parse import quote

GERMANY = "wikinews:Germany_bans_Mahan_Air_of_Iran,_citing_%27security%27"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _lower(headers) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items()}


def _get(url: str, **options) -> tuple[int, dict, dict]:
    request = urllib.request.Request(url, **options)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, _lower(response.headers), json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, _lower(error.headers), json.load(error)


def test_serve_answers_over_http(wikinews_store_path, tmp_path):
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "CUSTOM_TOKEN": "sekrit"}
    env.pop("ATTACHE_TOKEN", None)
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "attache", "serve", "--db", str(wikinews_store_path),
         "--port", str(port), "--token-env", "CUSTOM_TOKEN"],
        stdout=log, stderr=subprocess.STDOUT, env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, headers, health = _get(f"{base}/api/health")
                break
            except OSError:
                assert process.poll() is None, "attache serve exited"
                assert time.monotonic() < deadline, "attache serve did not start"
                time.sleep(0.2)
        assert status == 200 and health["articles"] == 41 and health["writes"] is True
        assert headers["x-content-type-options"] == "nosniff"
        status, _, spec = _get(f"{base}/openapi.json")
        assert status == 200 and spec["info"]["title"] == "attache"
        assert "/api/events" in spec["paths"]
        status, _, article = _get(f"{base}/api/articles/{quote(GERMANY, safe='')}")
        assert status == 200 and article["article"]["id"] == GERMANY
        status, _, error = _get(f"{base}/api/articles", method="POST", data=b"{}",
                                headers={"Content-Type": "application/json",
                                         "Authorization": "Bearer wrong"})
        assert status == 401 and error["error"]["code"] == "unauthorized"
    finally:
        process.terminate()
        process.wait(timeout=30)
    log.close()
    output = (tmp_path / "serve.log").read_text()
    assert f"http://127.0.0.1:{port}/" in output and "sekrit" not in output


def test_serve_refuses_a_missing_store(run_cli, tmp_path):
    done = run_cli("serve", "--db", tmp_path / "missing.sqlite")
    assert done.returncode == 1
    assert "[E023]" in done.stderr and "no such file" in done.stderr
    assert "schema version" not in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "missing.sqlite").exists()


def test_serve_refuses_a_file_that_is_not_a_store(run_cli, tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_text("not a database")
    done = run_cli("serve", "--db", path)
    assert done.returncode == 1 and "[E010]" in done.stderr
