#!/usr/bin/env python3
"""A small stand-in for the Hugging Face hub, for the hub client's tests (standard library only).

    python3 hub_server.py --shared ../shared --token SECRET

It listens on 127.0.0.1 on a free port and prints "PORT <n>", then "DEADPORT <m>" (a port
that nothing listens on), then "READY". It then reads commands on stdin, one per line, and
answers each with one JSON line on stdout:

    info            repos, commits, files with their etag, size and LFS flag
    stats           the requests seen since the last reset: method, path, range, kind
    reset           forget the requests seen
    drop FILE       the next data GET of FILE sends half of its bytes, then drops the connection
    slow MS         data responses go out in 16 KiB pieces with MS milliseconds between (0: off)
    quit

It exits when stdin closes, so it never outlives the test that started it.

What it serves, like huggingface.co:
  GET  /api/{models|datasets}/{repo}/revision/{rev}     {"sha": ..., "siblings": [{"rfilename"}]}
  HEAD/GET /[datasets/]{repo}/resolve/{rev}/{file}      X-Repo-Commit, ETag (git blob sha1);
       LFS files answer 302 to http://localhost:{port}/cdn/... (another host name, as a CDN
       is) with X-Linked-Etag (sha256) and X-Linked-Size
  GET  /cdn/{sha256}                                    the LFS bytes
Byte ranges (206, 416) everywhere; X-Error-Code RepoNotFound / RevisionNotFound /
EntryNotFound / GatedRepo as the hub sends them.
"""

import argparse
import csv
import hashlib
import io
import json
import lzma
import os
import socket
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def git_blob_sha1(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def commit_of(kind: str, repo: str) -> str:
    return hashlib.sha1(f"headliner-test-commit:{kind}:{repo}".encode()).hexdigest()


class File:
    def __init__(self, data: bytes, lfs: bool, etag=None, linked_etag=None):
        self.data = data
        self.lfs = lfs
        self.sha256 = hashlib.sha256(data).hexdigest()
        self.etag = etag if etag is not None else (self.sha256 if lfs else git_blob_sha1(data))
        self.linked_etag = linked_etag if linked_etag is not None else self.sha256


class Repo:
    def __init__(self, kind, name, files, listed=None, gated=False, commit=None, renamed_to=None):
        self.kind = kind  # "model" or "dataset"
        self.name = name
        self.files = files  # name -> File
        self.listed = listed if listed is not None else list(files)
        self.gated = gated
        self.commit = commit if commit is not None else commit_of(kind, name)
        self.renamed_to = renamed_to


def agnews_jsonl(path: str, rows: int) -> bytes:
    out = io.StringIO()
    with lzma.open(path, "rt", encoding="utf-8", newline="") as f:
        for i, row in enumerate(csv.reader(f)):
            if i >= rows:
                break
            out.write(json.dumps({"label": int(row[0]), "title": row[1], "description": row[2]}) + "\n")
    return out.getvalue().encode()


def build_repos(shared: str):
    def read(rel):
        with open(os.path.join(shared, rel), "rb") as f:
            return f.read()

    distil = "data/vocab/distilbert-base-uncased/"
    tiny = {
        "config.json": File(read(distil + "config.json"), lfs=False),
        "tokenizer.json": File(read(distil + "tokenizer.json"), lfs=True),
        "tokenizer_config.json": File(read(distil + "tokenizer_config.json"), lfs=False),
        "special_tokens_map.json": File(read(distil + "special_tokens_map.json"), lfs=False),
        "vocab.txt": File(read("data/vocab/bert-base-uncased-vocab.txt"), lfs=True),
        "extra/notes.txt": File(b"a file in a sub-folder\n", lfs=False),
    }
    small = File(read(distil + "config.json"), lfs=False)
    wrong = File(b"these are not the bytes the hash promises\n" * 100, lfs=True,
                 linked_etag=hashlib.sha256(b"something else").hexdigest())
    repos = [
        Repo("model", "test-org/tiny", tiny),
        Repo("model", "test-org/gated", {"config.json": small, "vocab.txt": tiny["vocab.txt"]}, gated=True),
        Repo("model", "test-org/evil", {"config.json": small}, listed=["config.json", "../../evil"]),
        Repo("model", "test-org/bad-etag", {"config.json": File(small.data, lfs=False, etag="../../escape")}),
        Repo("model", "test-org/bad-commit", {"config.json": small}, commit="../../../outside"),
        Repo("model", "test-org/corrupt", {"weights.bin": wrong}),
        Repo("model", "test-org/old-tiny", tiny, renamed_to="test-org/tiny"),
        Repo("dataset", "sh0416/ag_news", {
            "train.jsonl": File(agnews_jsonl(os.path.join(shared, "data/ag_news/train.csv.xz"), 400), lfs=True),
            "test.jsonl": File(agnews_jsonl(os.path.join(shared, "data/ag_news/test.csv.xz"), 200), lfs=True),
            "README.md": File(b"# ag_news (test copy)\n", lfs=False),
        }),
    ]
    return {(r.kind, r.name): r for r in repos}


class State:
    def __init__(self, repos, token):
        self.repos = repos
        self.token = token
        self.lock = threading.Lock()
        self.requests = []
        self.drop = set()
        self.slow_ms = 0
        self.by_sha = {}
        for r in repos.values():
            for f in r.files.values():
                if f.lfs:
                    self.by_sha[f.linked_etag] = f


STATE = None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakeHub/1.0"

    def log_message(self, format, *args):  # quiet
        pass

    def do_HEAD(self):
        self.handle_request(head=True)

    def do_GET(self):
        self.handle_request(head=False)

    # --- helpers ------------------------------------------------------------------------------

    def record(self, kind):
        with STATE.lock:
            STATE.requests.append({
                "method": self.command,
                "path": urllib.parse.unquote(urllib.parse.urlsplit(self.path).path),
                "range": self.headers.get("Range", ""),
                "kind": kind,
                "auth": bool(self.headers.get("Authorization")),
            })

    def send_plain(self, status, body=b"", headers=None, head=False):
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head and body:
            self.wfile.write(body)

    def error(self, status, code, message, head):
        body = json.dumps({"error": message}).encode()
        self.send_plain(status, body, {"X-Error-Code": code, "X-Error-Message": message,
                                       "Content-Type": "application/json"}, head)

    def authorized(self, repo):
        if not repo.gated:
            return True
        return self.headers.get("Authorization", "") == "Bearer " + STATE.token

    def refuse(self, repo, head):
        # Echoes what it received, as a careless server might: the client must not show it.
        got = self.headers.get("Authorization", "(none)")
        self.error(401, "GatedRepo", f"Access to model {repo.name} is restricted. You sent: {got}", head)

    def send_data(self, f: File, name: str, head: bool, extra_headers):
        data = f.data
        size = len(data)
        rng = self.headers.get("Range")
        status, start = 200, 0
        headers = dict(extra_headers)
        headers["Accept-Ranges"] = "bytes"
        if rng:
            try:
                spec = rng.split("=", 1)[1]
                first, last = spec.split("-", 1)
                start = int(first)
                end = int(last) if last else size - 1
            except (IndexError, ValueError):
                start, end = 0, size - 1
            if start >= size:
                self.send_plain(416, b"", {"Content-Range": f"bytes */{size}"}, head)
                return
            end = min(end, size - 1)
            status = 206
            headers["Content-Range"] = f"bytes {start}-{end}/{size}"
            data = data[start:end + 1]
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if head:
            return
        with STATE.lock:
            drop = name in STATE.drop
            STATE.drop.discard(name)
            slow = STATE.slow_ms
        try:
            if drop:
                self.wfile.write(data[: len(data) // 2])
                self.wfile.flush()
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            if slow:
                for i in range(0, len(data), 16384):
                    self.wfile.write(data[i:i + 16384])
                    self.wfile.flush()
                    time.sleep(slow / 1000.0)
            else:
                self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    # --- routes -------------------------------------------------------------------------------

    def handle_request(self, head):
        parts = urllib.parse.urlsplit(self.path)
        segments = [urllib.parse.unquote(s) for s in parts.path.split("/")[1:]]
        if segments[:1] == ["api"]:
            self.record("api")
            return self.api(segments[1:], head)
        if segments[:1] == ["cdn"]:
            self.record("head" if head else "data")
            return self.cdn(segments[1:], head)
        kind = "model"
        if segments[:1] == ["datasets"]:
            kind, segments = "dataset", segments[1:]
        if len(segments) >= 5 and segments[2] == "resolve":
            self.record("head" if head else "data")
            return self.resolve(kind, segments[0] + "/" + segments[1], segments[3], "/".join(segments[4:]), head,
                                parts.path)
        self.record("other")
        self.error(404, "NotFound", "no such route", head)

    def find_repo(self, kind, name, head):
        repo = STATE.repos.get((kind, name))
        if repo is None:
            self.error(404, "RepoNotFound", f"Repository {name} not found", head)
        return repo

    def api(self, segments, head):
        # {models|datasets}?search=...&limit=N: the repositories whose name contains the text
        if len(segments) == 1 and segments[0] in ("models", "datasets"):
            query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
            text = query.get("search", [""])[0].lower()
            limit = int(query.get("limit", ["20"])[0])
            kind = "model" if segments[0] == "models" else "dataset"
            found = [r for (k, n), r in sorted(STATE.repos.items()) if k == kind and text in n.lower()]
            found.sort(key=lambda r: -len(r.files))  # "most downloaded": a stable order for tests
            body = json.dumps([{"id": r.name, "downloads": 1000 * len(r.files), "likes": 1,
                                "gated": "manual" if r.gated else False} for r in found[:limit]]
                              + ([{"id": "../not/a/repo"}] if text == "evil" else [])).encode()
            return self.send_plain(200, body, {"Content-Type": "application/json"}, head)
        # {models|datasets}/{org}/{name}/revision/{rev}
        if len(segments) != 5 or segments[0] not in ("models", "datasets") or segments[3] != "revision":
            return self.error(404, "NotFound", "no such API route", head)
        kind = "model" if segments[0] == "models" else "dataset"
        repo = self.find_repo(kind, segments[1] + "/" + segments[2], head)
        if repo is None:
            return
        if not self.authorized(repo):
            return self.refuse(repo, head)
        if repo.renamed_to:
            target = f"/api/{segments[0]}/{repo.renamed_to}/revision/{urllib.parse.quote(segments[4], safe='')}"
            return self.send_plain(307, b"", {"Location": target}, head)
        if segments[4] not in ("main", repo.commit):
            return self.error(404, "RevisionNotFound", f"Invalid rev id: {segments[4]}", head)
        body = json.dumps({"id": repo.name, "sha": repo.commit,
                           "siblings": [{"rfilename": n} for n in repo.listed]}).encode()
        self.send_plain(200, body, {"Content-Type": "application/json"}, head)

    def resolve(self, kind, name, rev, file, head, raw_path):
        repo = self.find_repo(kind, name, head)
        if repo is None:
            return
        if not self.authorized(repo):
            return self.refuse(repo, head)
        if repo.renamed_to:
            target = raw_path.replace("/" + name + "/", "/" + repo.renamed_to + "/", 1)
            return self.send_plain(307, b"", {"Location": target}, head)
        if rev not in ("main", repo.commit):
            return self.error(404, "RevisionNotFound", f"Invalid rev id: {rev}", head)
        f = repo.files.get(file)
        if f is None:
            return self.error(404, "EntryNotFound", f"{file} does not exist on {rev}", head)
        common = {"X-Repo-Commit": repo.commit}
        if f.lfs:
            # Another host name for the same server: like a CDN, it must not receive the token.
            location = f"http://localhost:{self.server.server_address[1]}/cdn/{f.linked_etag}" \
                       f"?name={urllib.parse.quote(file)}"
            pointer = f"version https://git-lfs.github.com/spec/v1\noid sha256:{f.sha256}\nsize {len(f.data)}\n"
            return self.send_plain(302, b"Found", dict(common, **{
                "Location": location,
                "ETag": '"' + git_blob_sha1(pointer.encode()) + '"',
                "X-Linked-Etag": '"' + f.linked_etag + '"',
                "X-Linked-Size": str(len(f.data)),
            }), head)
        self.send_data(f, file, head, dict(common, **{"ETag": '"' + f.etag + '"'}))

    def cdn(self, segments, head):
        f = STATE.by_sha.get(segments[0]) if segments else None
        if f is None:
            return self.send_plain(404, b"no such object", {}, head)
        name = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query).get("name", [""])[0]
        self.send_data(f, name, head, {"ETag": '"' + f.sha256 + '"'})


def main():
    global STATE
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", required=True)
    ap.add_argument("--token", required=True)
    args = ap.parse_args()
    STATE = State(build_repos(args.shared), args.token)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    dead = socket.socket()
    dead.bind(("127.0.0.1", 0))
    dead_port = dead.getsockname()[1]
    dead.close()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"PORT {server.server_address[1]}", flush=True)
    print(f"DEADPORT {dead_port}", flush=True)
    print("READY", flush=True)

    def reply(obj):
        print(json.dumps(obj), flush=True)

    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        cmd = words[0]
        with STATE.lock:
            if cmd == "stats":
                reply({"requests": list(STATE.requests)})
            elif cmd == "reset":
                STATE.requests.clear()
                reply({"ok": True})
            elif cmd == "drop" and len(words) == 2:
                STATE.drop.add(words[1])
                reply({"ok": True})
            elif cmd == "slow" and len(words) == 2:
                STATE.slow_ms = int(words[1])
                reply({"ok": True})
            elif cmd == "info":
                reply({"repos": {f"{k}:{n}": {"commit": r.commit, "files": {
                    name: {"etag": f.etag if not f.lfs else f.linked_etag, "size": len(f.data), "lfs": f.lfs,
                           "sha256": f.sha256}
                    for name, f in r.files.items()}} for (k, n), r in STATE.repos.items()}})
            elif cmd == "quit":
                reply({"ok": True})
                break
            else:
                reply({"error": "unknown command " + cmd})
    server.shutdown()


if __name__ == "__main__":
    main()
