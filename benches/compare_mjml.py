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
import subprocess
import sys

from side_by_side import PIN, ROOT, run, scaled_records, time_prism_export, work_folder


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    run(["npm", "install", "--silent", "--no-audit", "--no-fund"], cwd=os.path.join(ROOT, "benches/mjml"))
    run(["cargo", "build", "--release", "--quiet"])
    with work_folder() as work:
        data = scaled_records(work, n)
        prism_s = time_prism_export(data, "email", os.path.join(work, "prism"))
        emls = len([f for f in os.listdir(os.path.join(work, "prism")) if f.endswith(".eml")])
        out = run(PIN + ["node", "benches/mjml/render.js", data], stdout=subprocess.PIPE, text=True).stdout
        mjml = json.loads(out)

    prism_rate = n / prism_s
    print(f"records: {n} (invoice.ron; {emls} .eml files written, the rest have no address)")
    print(f"prism: {prism_s:.3f} s, {prism_rate:,.0f} emails/s (render + MIME + files)")
    print(f"mjml:  {mjml['seconds']:.3f} s, {mjml['per_second']:,.0f} emails/s (HTML only)")
    print(f"ratio: prism is {prism_rate / mjml['per_second']:.1f}x mjml")


if __name__ == "__main__":
    main()
