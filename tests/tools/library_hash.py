"""An oracle for the content library's part of the content hash, written from the rules
alone: a project's content hash changes exactly when the bytes of a library file it uses
change, and not when an unused one's do.

Which files a project uses is worked out here from the text: `brand: "NAME"` names
library/brands/NAME.ron, `Snippet("NAME")` names library/snippets/NAME.ron, and a snippet's
own `Snippet("…")` uses are followed. The hash itself comes from `prism review status`.

Usage: library_hash.py PRISM PROJECTS_FOLDER
"""

import pathlib
import re
import subprocess
import sys

prism, folder = sys.argv[1], pathlib.Path(sys.argv[2])
library = folder / "library"


def used_by(project_text):
    files = set()
    brand = re.search(r'^\s*brand:\s*"([^"]+)"', project_text, re.M)
    if brand:
        files.add(library / "brands" / f"{brand.group(1)}.ron")
    todo = re.findall(r'Snippet\("([^"]+)"\)', project_text)
    while todo:
        name = todo.pop()
        path = library / "snippets" / f"{name}.ron"
        if path in files:
            continue
        files.add(path)
        if path.exists():
            todo += re.findall(r'Snippet\("([^"]+)"\)', path.read_text())
    return files


def content_hash(project):
    out = subprocess.run(
        [prism, "review", "status", str(project)], capture_output=True, text=True, check=True
    ).stdout
    return re.search(r"^content ([0-9a-f]{64})$", out, re.M).group(1)


projects = sorted(folder.glob("*.ron"))
assert len(projects) >= 2, projects
uses = {p: used_by(p.read_text()) for p in projects}
library_files = sorted(library.glob("*/*.ron"))
assert library_files, "no library files"
before = {p: content_hash(p) for p in projects}
checked = 0
for f in library_files:
    original = f.read_bytes()
    f.write_bytes(original + b"\n// one more line\n")
    try:
        for p in projects:
            changed = content_hash(p) != before[p]
            expected = f in uses[p]
            assert changed == expected, f"{f.name} in {p.name}: changed {changed}, used {expected}"
            checked += 1
    finally:
        f.write_bytes(original)
for p in projects:
    assert content_hash(p) == before[p], f"{p.name}: not back after undoing"
print(f"{checked} project × library file pairs agree with the rules")
