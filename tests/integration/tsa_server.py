#!/usr/bin/env python3
"""A time-stamp authority on 127.0.0.1 for the tests: OpenSSL's `ts -reply` behind a small
HTTP server. Prints the port it listens on, then serves until killed.

usage: tsa_server.py DIR [MODE]
  DIR holds tsa.cnf (tests/integration/tsa.cnf, naming the TSA's key and certificate there).
  MODE: "good" (default); "refuse" (a rejection status); "other" (a token for another hash);
  "html" (an HTML page instead of a time-stamp reply).
"""
import http.server
import os
import subprocess
import sys
import tempfile

here, mode = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "good"


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply(self, body, kind="application/timestamp-reply"):
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        query = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.headers.get("Content-Type") != "application/timestamp-query":
            self.send_error(415)
            return
        if mode == "html":
            self.reply(b"<html>not a TSA</html>", "text/html")
            return
        with tempfile.TemporaryDirectory() as tmp:
            q = os.path.join(tmp, "q.tsq")
            if mode in ("other", "refuse"):
                # a request of its own, for other bytes: the token will not match the signature;
                # or for a policy the TSA does not serve, which it rejects (status 2)
                policy = ["-tspolicy", "1.2.9.9"] if mode == "refuse" else []
                subprocess.run(["openssl", "ts", "-query", "-digest", "00" * 32, "-sha256", "-cert", "-out", q] + policy,
                               check=True, capture_output=True)
            else:
                open(q, "wb").write(query)
            r = os.path.join(tmp, "r.tsr")
            subprocess.run(["openssl", "ts", "-reply", "-config", os.path.join(here, "tsa.cnf"), "-queryfile", q,
                            "-out", r], cwd=here, check=True, capture_output=True)
            self.reply(open(r, "rb").read())


server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
