#!/usr/bin/env python3
"""Checks the wikinews-dev set for consistency and prints the counts quoted in README.md.

Reads only the files beside it (pages.json, network.json, labels.json). It does not grade anything:
the grades in labels.json were made by hand.

    python3 validate.py
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = {
    "broad": [f"w{i:02d}" for i in range(1, 9)],
    "specific, fitting": [f"w{i:02d}" for i in range(9, 16)],
    "specific, fitting none": [f"w{i:02d}" for i in range(16, 21)],
    "headline only": [f"w{i:02d}" for i in range(21, 26)],
    "hobby": [f"w{i:02d}" for i in range(26, 31)],
}


def load(name):
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        return json.load(f)


def main():
    errors = []
    pages = load("pages.json")
    network = load("network.json")
    labels = load("labels.json")["pages"]

    keys = [c["key"] for c in network["contacts"]]
    if keys != [f"w{i:02d}" for i in range(1, 31)]:
        errors.append(f"network keys are not w01..w30 in order: {keys}")
    for c in network["contacts"]:
        kind = next(k for k, ks in KINDS.items() if c["key"] in ks)
        if kind == "headline only" and (c["interests"] or not c.get("headline")):
            errors.append(f"{c['key']}: headline-only contact must have no interests and a headline")
        if kind != "headline only" and not c["interests"]:
            errors.append(f"{c['key']}: contact of kind {kind} has no interests")

    slugs = [p["slug"] for p in pages]
    if len(pages) != 60 or len(set(slugs)) != 60:
        errors.append(f"expected 60 distinct pages, got {len(pages)} ({len(set(slugs))} distinct)")
    for p in pages:
        if set(p) != {"slug", "url", "date", "title", "text"}:
            errors.append(f"{p['slug']}: unexpected fields {sorted(p)}")
        if not p["date"].startswith("2019-"):
            errors.append(f"{p['slug']}: not a 2019 article ({p['date']})")
        if not p["url"].startswith("https://en.wikinews.org/"):
            errors.append(f"{p['slug']}: url is not a Wikinews page")
        if len(p["text"].split()) < 150:
            errors.append(f"{p['slug']}: under 150 words")
    if [l["slug"] for l in labels] != slugs:
        errors.append("labels.json pages are not the pages of pages.json in the same order")
    titles = {p["slug"]: p["title"] for p in pages}

    for l in labels:
        s, g, best = l["slug"], l["grades"], l["best"]
        if l["title"] != titles.get(s):
            errors.append(f"{s}: title differs from pages.json")
        if list(g) != keys:
            errors.append(f"{s}: grades do not cover w01..w30 in order")
        if any(v not in (0, 1, 2) for v in g.values()):
            errors.append(f"{s}: grade outside 0..2")
        twos = {k for k, v in g.items() if v == 2}
        ones = {k for k, v in g.items() if v == 1}
        if len(best) > 3 or len(set(best)) != len(best):
            errors.append(f"{s}: best has more than 3 entries or duplicates")
        if any(g.get(k, 0) == 0 for k in best):
            errors.append(f"{s}: best lists a contact graded 0")
        if not twos <= set(best):
            errors.append(f"{s}: a contact graded 2 is missing from best")
        if [g[k] for k in best] != sorted((g[k] for k in best), reverse=True):
            errors.append(f"{s}: best lists a 1 before a 2")
        if (twos or ones) and not best:
            errors.append(f"{s}: page fits someone but best is empty")
        if not l.get("note"):
            errors.append(f"{s}: no note")

    if errors:
        print("\n".join(errors))
        sys.exit(1)

    kind_of = {k: kind for kind, ks in KINDS.items() for k in ks}
    n2 = {kind: 0 for kind in KINDS}
    n1 = {kind: 0 for kind in KINDS}
    for l in labels:
        for k, v in l["grades"].items():
            if v == 2:
                n2[kind_of[k]] += 1
            elif v == 1:
                n1[kind_of[k]] += 1
    with2 = [l["slug"] for l in labels if 2 in l["grades"].values()]
    only1 = [l["slug"] for l in labels if 2 not in l["grades"].values() and 1 in l["grades"].values()]
    nobody = [l["slug"] for l in labels if not any(l["grades"].values())]
    never = [k for k in keys if all(l["grades"][k] == 0 for l in labels)]
    total2, total1 = sum(n2.values()), sum(n1.values())

    print(f"pages {len(pages)}, contacts {len(keys)}: " + ", ".join(f"{kind} {len(ks)}" for kind, ks in KINDS.items()))
    print(f"grades {len(pages) * len(keys)}: {total2} twos, {total1} ones, {len(pages) * len(keys) - total2 - total1} zeros")
    print("2s by kind: " + ", ".join(f"{kind} {n}" for kind, n in n2.items()))
    print("1s by kind: " + ", ".join(f"{kind} {n}" for kind, n in n1.items()))
    print(f"pages with a 2: {len(with2)}")
    print(f"pages with only 1s ({len(only1)}): {', '.join(only1)}")
    print(f"pages fitting nobody ({len(nobody)}): {', '.join(nobody)}")
    print(f"contacts 0 on every page ({len(never)}): {', '.join(never)}")
    print("per contact (2s/1s): " + ", ".join(
        f"{k} {sum(l['grades'][k] == 2 for l in labels)}/{sum(l['grades'][k] == 1 for l in labels)}" for k in keys))


if __name__ == "__main__":
    main()
