"""Checks exported .eml files with Python's own email parser (independent of lettre).

Usage: check_eml.py EXPECTATIONS.json
EXPECTATIONS maps each .eml path to {"subject", "names", "marketing"}.
"""
import email
import email.utils
import json
import re
import sys
from email import policy


def check(path, want):
    with open(path, "rb") as f:
        msg = email.message_from_binary_file(f, policy=policy.default)
    problems = []

    def expect(cond, what):
        if not cond:
            problems.append(what)

    expect(msg.defects == [], f"parser defects: {msg.defects}")
    expect(str(msg["Subject"]) == want["subject"], f"Subject {msg['Subject']!r} != {want['subject']!r}")
    for h in ("From", "To", "Date", "Message-ID"):
        expect(msg[h] is not None, f"missing {h}")
    expect(email.utils.parsedate_to_datetime(str(msg["Date"])) is not None, "Date does not parse")
    expect(re.fullmatch(r"<[^<>@\s]+@[^<>@\s]+>", str(msg["Message-ID"]).strip()) is not None, "Message-ID malformed")
    expect(msg.get_content_type() == "multipart/alternative", f"top is {msg.get_content_type()}")
    parts = list(msg.iter_parts())
    kinds = [p.get_content_type() for p in parts]
    expect(kinds and kinds[0] == "text/plain", f"first alternative is {kinds[:1]}")
    expect(kinds and kinds[-1] in ("text/html", "multipart/related"), f"last alternative is {kinds[-1:]}")
    text = parts[0].get_content() if parts else ""
    last = parts[-1] if parts else None
    html_part = last
    cids = set()
    if last is not None and last.get_content_type() == "multipart/related":
        related = list(last.iter_parts())
        html_part = related[0]
        expect(html_part.get_content_type() == "text/html", "related does not start with the HTML")
        for p in related[1:]:
            cid = p["Content-ID"]
            expect(cid is not None, "inline part without Content-ID")
            if cid:
                cids.add(str(cid).strip().strip("<>"))
            expect(p.get_content_maintype() == "image", f"related part {p.get_content_type()}")
            expect(len(p.get_content()) > 0, "empty image part")
    html = html_part.get_content() if html_part is not None else ""
    for ref in re.findall(r'src="cid:([^"]+)"', html):
        expect(ref in cids, f"cid:{ref} has no part")
    for name in want["names"]:
        expect(name in text, f"text part lacks {name!r}")
        escaped = name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
        expect(escaped in html, f"HTML part lacks {escaped!r}")
    if want["marketing"]:
        lu = str(msg["List-Unsubscribe"] or "")
        expect(re.search(r"<https://[^>]+>", lu) is not None, f"List-Unsubscribe {lu!r}")
        expect(str(msg["List-Unsubscribe-Post"]) == "List-Unsubscribe=One-Click", "List-Unsubscribe-Post missing")
    return problems


def main():
    with open(sys.argv[1]) as f:
        expectations = json.load(f)
    failed = 0
    for path, want in expectations.items():
        problems = check(path, want)
        if problems:
            failed += 1
            print(f"{path}:", *problems, sep="\n  ")
    print(f"eml: {len(expectations) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
