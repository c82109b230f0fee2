"""Writes PROJECT with its library brand and snippets written out in it (the same output,
no library), to measure what linking costs per record (benches/library_cost.sh).

Usage: library_inline.py PROJECT OUT
"""
import re, sys, pathlib
src = pathlib.Path(sys.argv[1]); out = pathlib.Path(sys.argv[2])
lib = src.parent / "library"
text = src.read_text()
brand = (lib / "brands" / "lumina.ron").read_text()
b = brand[brand.index("  brand: (") + len("  brand: "): brand.rindex("),\n)") + 1]
b = b.replace('"../../../assets/images/logo.png"', '"../assets/images/logo.png"')
text = text.replace('brand: "lumina"', "brand: " + b)
def inline(m):
    name = m.group(1)
    s = (lib / "snippets" / f"{name}.ron").read_text()
    blocks = s[s.index("blocks: [") + len("blocks: ["): s.rindex("],")]
    return re.sub(r'id: "([^"]+)"', lambda k: f'id: "{name}-{k.group(1)}"', blocks)
text = re.sub(r'\(\s*id: "[^"]+",\s*kind: Snippet\("([^"]+)"\),\s*(?:locked: true,\s*)?\),', inline, text)
assert "Snippet(" not in text, text
out.write_text(text)
