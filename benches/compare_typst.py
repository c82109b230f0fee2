#!/usr/bin/env python3
"""One-letter PDFs per second, Prism beside Typst, on the same records and one core.

    python3 benches/compare_typst.py [N]        (default N = 300)

Prism: `prism export projects/invoice.ron --channels print` (resolve, set the letter into its
display list, PDF with embedded subset fonts, one file per record, manifest).
Typst (PyPI `typst`): benches/typst/letter.typ, the same invoice letter, compiled once per
record with the record as sys.inputs, one PDF file per record; measured two ways: a new
`typst.compile` call per letter, and one reused `typst.Compiler` (Typst then memoizes
everything that did not change between records).
Both are pinned to CPU 0 with taskset when it exists; output goes to /dev/shm when it exists.
"""
import os
import subprocess
import sys

from side_by_side import PIN, ROOT, run, scaled_records, time_prism_export, work_folder

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


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    python = os.path.join(VENV, "bin", "python")
    if not os.path.exists(python):
        run([sys.executable, "-m", "venv", VENV])
    run([python, "-m", "pip", "install", "--quiet", TYPST])
    run(["cargo", "build", "--release", "--quiet"])
    with work_folder() as work:
        data = scaled_records(work, n)
        rates = {"prism": n / time_prism_export(data, "print", os.path.join(work, "prism"))}
        for mode in ["per-call", "reused"]:
            out = os.path.join(work, mode)
            os.mkdir(out)
            s = float(run(PIN + [python, "-c", TYPST_SIDE, data, out, mode], stdout=subprocess.PIPE, text=True).stdout)
            rates[mode] = n / s

    print(f"letters: {n} (invoice.ron, one page each)")
    print(f"prism:                  {rates['prism']:7.0f} letters/s (whole export process)")
    print(f"typst, compile per call: {rates['per-call']:6.0f} letters/s  -> prism is {rates['prism'] / rates['per-call']:.2f}x")
    print(f"typst, reused compiler:  {rates['reused']:6.0f} letters/s  -> prism is {rates['prism'] / rates['reused']:.2f}x")


if __name__ == "__main__":
    main()
