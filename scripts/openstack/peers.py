"""Helpers for start.sh, run with /usr/bin/python3 (stdlib only): readiness checks, the Keystone registration of
Ironic, and sqlite WAL mode. Every write checks first, so running it again changes nothing (and notifies nothing).

  peers.py sqlite-wal <db>
  peers.py wait-http <url> <seconds>
  peers.py register <keystone-v3-url> <admin-password> <ironic-password> <ironic-url>
  peers.py wait-ironic <keystone-v3-url> <admin-password> <ironic-url> <seconds>
"""
import json
import sqlite3
import sys
import time
import urllib.error
import urllib.request


def call(method, url, token=None, body=None, headers=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Accept", "application/json")
    if body is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("X-Auth-Token", token)
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read().decode()
            return response.status, response.headers, json.loads(text) if text else None
    except urllib.error.HTTPError as error:
        return error.code, error.headers, None


def admin_token(keystone, password):
    status, headers, _ = call("POST", f"{keystone}/auth/tokens", body={"auth": {
        "identity": {"methods": ["password"], "password": {"user": {
            "name": "admin", "domain": {"id": "default"}, "password": password}}},
        "scope": {"project": {"name": "admin", "domain": {"id": "default"}}}}})
    if status != 201:
        raise SystemExit(f"admin authentication failed: {status}")
    return headers["X-Subject-Token"]


def find_or_create(keystone, token, collection, key, query, body):
    status, _, found = call("GET", f"{keystone}/{collection}?{query}", token)
    if status == 200 and found[collection]:
        return found[collection][0]["id"]
    status, _, created = call("POST", f"{keystone}/{collection}", token, {key: body})
    if status != 201:
        raise SystemExit(f"creating {key} {body.get('name') or body.get('type')} failed: {status}")
    return created[key]["id"]


def register(keystone, admin_password, ironic_password, ironic_url):
    token = admin_token(keystone, admin_password)
    project = find_or_create(keystone, token, "projects", "project", "name=service&domain_id=default",
                             {"name": "service", "domain_id": "default", "description": "OpenStack services"})
    user = find_or_create(keystone, token, "users", "user", "name=ironic&domain_id=default",
                          {"name": "ironic", "domain_id": "default", "password": ironic_password})
    for role_name in ("admin", "service"):
        role = find_or_create(keystone, token, "roles", "role", f"name={role_name}", {"name": role_name})
        grant = f"{keystone}/projects/{project}/users/{user}/roles/{role}"
        if call("HEAD", grant, token)[0] != 204:  # HEAD first: a repeated PUT notifies again (problem 14)
            call("PUT", grant, token)
    service = find_or_create(keystone, token, "services", "service", "type=baremetal",
                             {"type": "baremetal", "name": "ironic", "enabled": True})
    status, _, endpoints = call("GET", f"{keystone}/endpoints?service_id={service}", token)
    have = {endpoint["interface"] for endpoint in endpoints["endpoints"]}
    for interface in ("public", "internal", "admin"):
        if interface not in have:
            call("POST", f"{keystone}/endpoints", token, {"endpoint": {
                "service_id": service, "interface": interface, "url": ironic_url, "region_id": "RegionOne"}})


def wait_http(url, seconds):
    deadline = time.monotonic() + seconds
    while True:
        try:
            status, _, _ = call("GET", url)
            if status < 500:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise SystemExit(f"{url} did not answer within {seconds} s")
        time.sleep(0.2)


def wait_ironic(keystone, admin_password, ironic_url, seconds):
    """Ready when the API lists fake-hardware: the conductor has registered its drivers."""
    wait_http(f"{ironic_url}/", seconds)
    token = admin_token(keystone, admin_password)
    deadline = time.monotonic() + seconds
    while True:
        try:
            status, _, body = call("GET", f"{ironic_url}/v1/drivers", token)
            if status == 200 and any(d["name"] == "fake-hardware" for d in body["drivers"]):
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise SystemExit(f"Ironic did not list fake-hardware within {seconds} s")
        time.sleep(0.3)


def sqlite_wal(path):
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.close()


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    if command == "sqlite-wal":
        sqlite_wal(args[0])
    elif command == "wait-http":
        wait_http(args[0], float(args[1]))
    elif command == "register":
        register(*args)
    elif command == "wait-ironic":
        wait_ironic(args[0], args[1], args[2], float(args[3]))
    else:
        raise SystemExit(f"unknown command {command}")
