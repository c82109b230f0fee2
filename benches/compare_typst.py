#!/usr/bin/env python3
"""One-letter PDFs per second, Prism beside Typst, on the same records and one core.

    python3 benches/compare_typst.py [N]        (default N = 300)

Prism: `prism export projects/invoice.ron --channels print` (resolve, set the letter,
SVG, PDF with embedded subset fonts, one file per record, manifest).
Typst (PyPI `typst`): benches/typst/letter.typ, the same invoice letter, compiled once per
record with the record as sys.inputs, one PDF file per record; measured two ways: a new
`typst.compile` call per letter, and one reused `typst.Compiler` (Typst then memoizes
everything that did not change between records).
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
VENV = os.path.join(ROOT, "target", "typst-venv")
TYPST = "typst==0.15.2"

TYPST_SIDE = r"""
import json, os, sys, time, typst
data, out, mode = sys.argv[1], sys.argv[2], sys.argv[3]
records = json.load(open(data))
kw = dict(root=".", font_paths=["assets/fonts"], ignore_system_fonts=True)
compiler = typst.Compiler("benches/typst/letter.typ", **kw) if mode == "reused" else None
start = time.perf_counter()
for r in records:
    inputs = {"record": json.dumps(r, ensure_ascii=False)}
    if compiler:
        pdf = compiler.compile(sys_inputs=inputs)
    else:
        pdf = typst.compile("benches/typst/letter.typ", sys_inputs=inputs, **kw)
    with open(os.path.join(out, r["customer_id"] + ".pdf"), "wb") as f:
        f.write(pdf)
print(time.perf_counter() - start)
"""


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, cwd=ROOT, **kw)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    python = os.path.join(VENV, "bin", "python")
    if not os.path.exists(python):
        run([sys.executable, "-m", "venv", VENV])
    run([python, "-m", "pip", "install", "--quiet", TYPST])
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
                   "--channels", "print", "--out", os.path.join(work, "prism")], stdout=subprocess.DEVNULL)
        prism_s = time.perf_counter() - start
        rates = {"prism": n / prism_s}
        for mode in ["per-call", "reused"]:
            out = os.path.join(work, mode)
            os.mkdir(out)
            s = float(run(pin + [python, "-c", TYPST_SIDE, data, out, mode], stdout=subprocess.PIPE, text=True).stdout)
            rates[mode] = n / s

    print(f"letters: {n} (invoice.ron, one page each)")
    print(f"prism:                  {rates['prism']:7.0f} letters/s (whole export process)")
    print(f"typst, compile per call: {rates['per-call']:6.0f} letters/s  -> prism is {rates['prism'] / rates['per-call']:.2f}x")
    print(f"typst, reused compiler:  {rates['reused']:6.0f} letters/s  -> prism is {rates['prism'] / rates['reused']:.2f}x")


if __name__ == "__main__":
    main()
