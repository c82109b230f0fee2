#!/usr/bin/env python3
"""Writes the sample audience: audience-10k.json (10,000 customer records) and
suppression.txt, deterministically (the same files on every run, any Python 3).

    python3 projects/generate_audience.py [--records N] [--out DIR]

The mix is made to exercise routing, not to describe anyone: preferences for each channel
(and some none), consents with their date and source, existing customers under UWG §7(3),
opt-outs, missing and malformed email addresses, phone numbers and postal addresses,
customers abroad, and a suppression list of unsubscribes, bounces and blocked ids.
"""

import argparse
import json
import os
import random

SEED = 20261125

FIRST = ["Anna", "Ben", "Clara", "David", "Elif", "Finn", "Greta", "Hannes", "Ida", "Jonas",
         "Karla", "Luca", "Mia", "Noah", "Olga", "Paul", "Quirin", "Rita", "Sven", "Tara",
         "Ugur", "Vera", "Wim", "Xenia", "Yusuf", "Zoe", "Jürgen", "Ölçer", "Søren", "Łucja"]
LAST = ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
        "Schulz", "Hoffmann", "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann",
        "Schwarz", "Braun", "Zimmermann", "Krüger", "Hartmann", "Lange", "Yılmaz", "Nowak"]
STREETS = ["Hauptstraße", "Schulstraße", "Gartenweg", "Bahnhofstraße", "Lindenallee",
           "Am Markt", "Kirchplatz", "Rosenweg", "Waldstraße", "Bergstraße"]
# (city, postal code, country) — German cities with one of their real postal codes, and a few abroad.
PLACES = [("Köln", "50667", "DE"), ("Berlin", "10115", "DE"), ("Hamburg", "20095", "DE"),
          ("München", "80331", "DE"), ("Leipzig", "04109", "DE"), ("Dresden", "01067", "DE"),
          ("Stuttgart", "70173", "DE"), ("Bremen", "28195", "DE"), ("Freiburg", "79098", "DE"),
          ("Kiel", "24103", "DE"), ("Wien", "1010", "AT"), ("Zürich", "8001", "CH"),
          ("Strasbourg", "67000", "FR"), ("Utrecht", "3511", "NL")]
SOURCES = ["web-form", "shop", "hotline", "app", "contract"]
CHANNELS = ["email", "sms", "chat", "print"]


def date(rng, first_year=2022, last_year=2026):
    return "%04d-%02d-%02d" % (rng.randint(first_year, last_year), rng.randint(1, 12), rng.randint(1, 28))


def ascii_name(s):
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ı": "i", "ø": "o",
                           "ł": "l", "ç": "c", "Ö": "Oe", "Ł": "L", "Ü": "Ue"})
    return s.translate(table).lower().replace(" ", "")


def mobile(rng):
    if rng.random() < 0.5:
        return "+49" + rng.choice(["151", "152", "157", "160"]) + "%08d" % rng.randint(0, 99999999)
    return "+49" + rng.choice(["170", "171", "172", "176"]) + "%07d" % rng.randint(0, 9999999)


def record(rng, n):
    first, last = rng.choice(FIRST), rng.choice(LAST)
    city, postal, country = rng.choice(PLACES) if rng.random() < 0.12 else rng.choice(PLACES[:10])
    user = "%s.%s%d" % (ascii_name(first), ascii_name(last), n)
    r = rng.random()
    if r < 0.08:
        email = ""
    elif r < 0.12:
        email = rng.choice([user + "@", user + " @example.de", user + "@@example.de", user])
    else:
        email = user + "@" + rng.choice(["example.de", "example.com", "example.org"])
    r = rng.random()
    if r < 0.15:
        phone = ""
    elif r < 0.20:
        phone = rng.choice(["0151 123", "12345", "+4915112", "+49 (0) abc"])
    elif r < 0.25:
        phone = "0" + mobile(rng)[3:]  # national form: read with the record's country
    else:
        phone = mobile(rng)
    chat = ("wa:" + phone.lstrip("+")) if phone.startswith("+49") and rng.random() < 0.3 else ""
    street = "%s %d" % (rng.choice(STREETS), rng.randint(1, 120))
    r = rng.random()
    if r < 0.02:
        street, postal, city = "", "", ""
    elif r < 0.05:
        if rng.random() < 0.5:
            street = ""
        else:
            postal = ""
    p = rng.random()
    preferred = ("email" if p < 0.45 else "sms" if p < 0.65 else "chat" if p < 0.75
                 else rng.choice(["print", "letter"]) if p < 0.95 else "")
    rates = {"email": 0.6, "sms": 0.35, "chat": 0.2, "print": 0.5}
    consent = {c: rng.random() < rates[c] for c in CHANNELS}
    # Dates, sources and opt-outs only where there are any (missing reads as empty / false).
    consent_at = {c: date(rng) for c in CHANNELS if consent[c]}
    consent_source = {c: rng.choice(SOURCES) for c in CHANNELS if consent[c]}
    opt_out = {c: True for c in CHANNELS if rng.random() < 0.03}
    since = date(rng, 2015, 2026) if rng.random() < 0.7 else ""
    objected, informed = rng.random() < 0.05, rng.random() < 0.9
    existing = {"since": since, "objected": objected, "informed": informed} if since else {}
    return {
        "customer_id": "A-%05d" % n,
        "salutation": rng.choice(["Frau", "Herr", ""]),
        "title": "Dr." if rng.random() < 0.05 else "",
        "first_name": first,
        "last_name": last,
        "company": "",
        "email": email,
        "phone": phone,
        "chat_id": chat,
        "street": street,
        "postal_code": postal,
        "city": city,
        "country": country,
        "language": "de",
        "preferred_channel": preferred,
        "consent": consent,
        "consent_at": consent_at,
        "consent_source": consent_source,
        "opt_out": opt_out,
        "existing_customer": existing,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=10_000)
    ap.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
    args = ap.parse_args()
    rng = random.Random(SEED)
    records = [record(rng, n) for n in range(1, args.records + 1)]
    with open(os.path.join(args.out, "audience-10k.json"), "w", encoding="utf-8") as f:
        f.write("[\n")
        f.write(",\n".join(json.dumps(r, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
                            for r in records))
        f.write("\n]\n")
    # Unsubscribes and bounces (addresses), blocked numbers, and ids of closed accounts.
    lines = ["# Never contact: unsubscribes, bounces, blocked numbers, closed accounts."]
    for r in rng.sample(records, min(120, len(records) // 5)):
        kind = rng.random()
        if kind < 0.5 and "@" in r["email"] and " " not in r["email"]:
            lines.append(r["email"].upper() if rng.random() < 0.2 else r["email"])
        elif kind < 0.8 and r["phone"].startswith("+"):
            lines.append(r["phone"])
        else:
            lines.append(r["customer_id"])
    with open(os.path.join(args.out, "suppression.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
