"""What benches/compare_*.py share: running commands from the repository root, pinning to one
core, a RAM-backed work folder, the sample records scaled up, and timing `prism export`."""
import json
import os
import shutil
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Both sides run on CPU 0 when taskset exists.
PIN = ["taskset", "-c", "0"] if shutil.which("taskset") else []


def run(cmd, cwd=ROOT, **kw):
    return subprocess.run(cmd, check=True, cwd=cwd, **kw)


def work_folder():
    """A temporary folder in /dev/shm where there is one: the disk is not what is measured."""
    return tempfile.TemporaryDirectory(dir="/dev/shm" if os.path.isdir("/dev/shm") else None)


def scaled_records(work, n):
    """projects/customers.json repeated to n records with fresh ids, written to WORK/records.json."""
    sample = json.load(open(os.path.join(ROOT, "projects/customers.json")))
    records = []
    for i in range(n):
        r = dict(sample[i % len(sample)])
        r["customer_id"] = f"C-{i + 1:06d}"
        records.append(r)
    path = os.path.join(work, "records.json")
    json.dump(records, open(path, "w"), ensure_ascii=False)
    return path


def time_prism_export(data, channel, out):
    """Seconds for the release build to export projects/invoice.ron on one channel."""
    start = time.perf_counter()
    run(PIN + ["target/release/prism", "export", "projects/invoice.ron", "--data", data,
               "--channels", channel, "--out", out], stdout=subprocess.DEVNULL)
    return time.perf_counter() - start
