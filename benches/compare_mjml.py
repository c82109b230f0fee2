#!/usr/bin/env python3
"""Emails per second, Prism beside MJML, on the same records and one core.

    python3 benches/compare_mjml.py [N]        (default N = 2000)

Prism: `prism export projects/invoice.ron --channels email` (resolve, HTML, plain text,
MIME with the inline logo, SHA-256, manifest, one .eml file per record).
MJML 5 (npm `mjml`): the same invoice email as MJML markup per record, through mjml2html
(HTML only: no text part, no MIME, no files). See benches/mjml/render.js.
Both are pinned to CPU 0 with taskset when it exists; output goes to /dev/shm when it exists.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(cmd, cwd=ROOT, **kw):
    return subprocess.run(cmd, check=True, cwd=cwd, **kw)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    run(["npm", "install", "--silent", "--no-audit", "--no-fund"], cwd=os.path.join(ROOT, "benches/mjml"))
    run(["cargo", "build", "--release", "--quiet"])
    base = "/dev/shm" if os.path.isdir("/dev/shm") else None
    with tempfile.TemporaryDirectory(dir=base) as work:
        sample = json.load(open(os.path.join(ROOT, "projects/customers.json")))
        records = []
        for i in range(n):
            r = dict(sample[i % len(sample)])
            r["customer_id"] = f"C-{i + 1:06d}"
            records.append(r)
        data = os.path.join(work, "records.json")
        json.dump(records, open(data, "w"), ensure_ascii=False)

        start = time.perf_counter()
        run(pin + ["target/release/prism", "export", "projects/invoice.ron", "--data", data,
                   "--channels", "email", "--out", os.path.join(work, "prism")], stdout=subprocess.DEVNULL)
        prism_s = time.perf_counter() - start
        emls = len([f for f in os.listdir(os.path.join(work, "prism")) if f.endswith(".eml")])

        out = run(pin + ["node", "benches/mjml/render.js", data], stdout=subprocess.PIPE, text=True).stdout
        mjml = json.loads(out)

    prism_rate = n / prism_s
    print(f"records: {n} (invoice.ron; {emls} .eml files written, the rest have no address)")
    print(f"prism: {prism_s:.3f} s, {prism_rate:,.0f} emails/s (render + MIME + files)")
    print(f"mjml:  {mjml['seconds']:.3f} s, {mjml['per_second']:,.0f} emails/s (HTML only)")
    print(f"ratio: prism is {prism_rate / mjml['per_second']:.1f}x mjml")


if __name__ == "__main__":
    main()
