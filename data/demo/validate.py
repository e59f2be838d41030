#!/usr/bin/env python3
"""Check the demo-community data files in this directory.

Usage: python3 data/demo/validate.py   (exit status 1 on any error)
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

CITIES = {
    "310100": "上海",
    "320100": "南京", "320200": "无锡", "320300": "徐州", "320400": "常州", "320500": "苏州",
    "320600": "南通", "320700": "连云港", "320800": "淮安", "320900": "盐城", "321000": "扬州",
    "321100": "镇江", "321200": "泰州", "321300": "宿迁",
    "330100": "杭州", "330200": "宁波", "330300": "温州", "330400": "嘉兴", "330500": "湖州",
    "330600": "绍兴", "330700": "金华", "330800": "衢州", "330900": "舟山", "331000": "台州",
    "331100": "丽水",
    "340100": "合肥", "340200": "芜湖", "340300": "蚌埠", "340400": "淮南", "340500": "马鞍山",
    "340600": "淮北", "340700": "铜陵", "340800": "安庆", "341000": "黄山", "341100": "滁州",
    "341200": "阜阳", "341300": "宿州", "341500": "六安", "341600": "亳州", "341700": "池州",
    "341800": "宣城",
}
KINDS = {"university", "institute", "enterprise", "centre", "lab", "government"}
CATEGORIES = {"analytical", "physical", "metrology", "electronic", "marine", "geo",
              "atmospheric", "special", "laser", "process", "computer", "other"}
PLACEHOLDERS = {"city", "city_en", "field", "field_en", "word", "word_en"}

errors = []


def err(msg):
    errors.append(msg)


def load(name, header, required):
    path = os.path.join(HERE, name)
    with open(path, encoding="utf-8", newline="") as f:
        data = f.read()
    if "\r" in data:
        err(f"{name}: contains CR characters")
    if not data.endswith("\n"):
        err(f"{name}: last line not terminated")
    lines = data.split("\n")[:-1]
    if lines[0].split("\t") != header:
        err(f"{name}: header {lines[0].split(chr(9))} != {header}")
    rows = []
    for n, line in enumerate(lines[1:], start=2):
        cols = line.split("\t")
        if len(cols) != len(header):
            err(f"{name}:{n}: {len(cols)} columns, expected {len(header)}")
            continue
        row = dict(zip(header, cols))
        for c in required:
            if row[c].strip() == "":
                err(f"{name}:{n}: empty required field {c}")
        for c, v in row.items():
            if v != v.strip():
                err(f"{name}:{n}: leading/trailing blank in {c}")
            if '"' in v:
                err(f"{name}:{n}: double quote in {c}")
        row["_line"] = n
        rows.append(row)
    return rows


def is_int(v):
    return re.fullmatch(r"[0-9]+", v) is not None


def check_lists(name, r, cols):
    lens = [len(r[c].split("|")) for c in cols]
    if len(set(lens)) != 1:
        err(f"{name}:{r['_line']}: list lengths differ {dict(zip(cols, lens))}")
    for c in cols:
        if any(x.strip() == "" for x in r[c].split("|")):
            err(f"{name}:{r['_line']}: empty item in {c}")


def unique(name, rows, col):
    seen = set()
    for r in rows:
        if r[col] in seen:
            err(f"{name}:{r['_line']}: duplicate {col} {r[col]!r}")
        seen.add(r[col])


# orgs.tsv
orgs = load("orgs.tsv", ["key", "kind", "name_zh", "name_en", "city", "parent", "uscc", "address"],
            ["key", "kind", "name_zh", "name_en", "city"])
keys = {r["key"] for r in orgs}
unique("orgs.tsv", orgs, "key")
unique("orgs.tsv", orgs, "name_zh")
for r in orgs:
    if not re.fullmatch(r"[a-z][a-z0-9_]*", r["key"]):
        err(f"orgs.tsv:{r['_line']}: key {r['key']!r} not a short ASCII identifier")
    if r["kind"] not in KINDS:
        err(f"orgs.tsv:{r['_line']}: bad kind {r['kind']!r}")
    if r["city"] not in CITIES:
        err(f"orgs.tsv:{r['_line']}: bad city {r['city']!r}")
    if r["parent"] and r["parent"] not in keys:
        err(f"orgs.tsv:{r['_line']}: unknown parent {r['parent']!r}")
    if r["parent"] == r["key"]:
        err(f"orgs.tsv:{r['_line']}: parent is itself")
    if r["uscc"]:
        err(f"orgs.tsv:{r['_line']}: uscc must stay empty")

# facilities.tsv
fac = load("facilities.tsv", ["owner", "kind", "category", "name_zh", "name_en", "model", "manufacturer", "country",
                              "value_cny", "year", "city", "specs", "areas", "description"],
           ["owner", "kind", "category", "name_zh", "name_en", "value_cny", "year", "city", "specs", "areas"])
unique("facilities.tsv", fac, "name_zh")
for r in fac:
    if r["owner"] not in keys:
        err(f"facilities.tsv:{r['_line']}: unknown owner {r['owner']!r}")
    if r["kind"] not in {"facility", "instrument"}:
        err(f"facilities.tsv:{r['_line']}: bad kind {r['kind']!r}")
    if r["category"] not in CATEGORIES:
        err(f"facilities.tsv:{r['_line']}: bad category {r['category']!r}")
    if r["city"] not in CITIES:
        err(f"facilities.tsv:{r['_line']}: bad city {r['city']!r}")
    if not is_int(r["value_cny"]) or int(r["value_cny"]) < 500000:
        err(f"facilities.tsv:{r['_line']}: bad value_cny {r['value_cny']!r}")
    if not is_int(r["year"]) or not 1950 <= int(r["year"]) <= 2030:
        err(f"facilities.tsv:{r['_line']}: bad year {r['year']!r}")

# instrument_types.tsv
it = load("instrument_types.tsv", ["category", "name_zh", "name_en", "models", "manufacturers", "country",
                                   "value_min", "value_max", "specs", "areas", "weight"],
          ["category", "name_zh", "name_en", "models", "manufacturers", "country",
           "value_min", "value_max", "specs", "areas", "weight"])
unique("instrument_types.tsv", it, "name_zh")
unique("instrument_types.tsv", it, "name_en")
for r in it:
    if r["category"] not in CATEGORIES:
        err(f"instrument_types.tsv:{r['_line']}: bad category {r['category']!r}")
    check_lists("instrument_types.tsv", r, ["models", "manufacturers", "country"])
    for c in ("value_min", "value_max", "weight"):
        if not is_int(r[c]):
            err(f"instrument_types.tsv:{r['_line']}: {c} not an integer")
    if is_int(r["value_min"]) and is_int(r["value_max"]):
        if int(r["value_min"]) > int(r["value_max"]):
            err(f"instrument_types.tsv:{r['_line']}: value_min > value_max")
        if int(r["value_min"]) < 500000:
            err(f"instrument_types.tsv:{r['_line']}: value_min below 500000")
    if is_int(r["weight"]) and int(r["weight"]) < 1:
        err(f"instrument_types.tsv:{r['_line']}: weight < 1")
missing = CATEGORIES - {r["category"] for r in it}
if missing:
    err(f"instrument_types.tsv: categories without templates: {sorted(missing)}")

# org_patterns.tsv
pat = load("org_patterns.tsv", ["kind", "pattern_zh", "pattern_en", "weight"], ["kind", "pattern_zh", "pattern_en", "weight"])
for r in pat:
    if r["kind"] not in KINDS:
        err(f"org_patterns.tsv:{r['_line']}: bad kind {r['kind']!r}")
    if not is_int(r["weight"]) or int(r["weight"]) < 1:
        err(f"org_patterns.tsv:{r['_line']}: bad weight")
    ph_zh = set(re.findall(r"\{([a-z_]+)\}", r["pattern_zh"]))
    ph_en = set(re.findall(r"\{([a-z_]+)\}", r["pattern_en"]))
    for p in ph_zh | ph_en:
        if p not in PLACEHOLDERS:
            err(f"org_patterns.tsv:{r['_line']}: unknown placeholder {p!r}")
    if {p + "_en" for p in ph_zh} != ph_en:
        err(f"org_patterns.tsv:{r['_line']}: zh placeholders {sorted(ph_zh)} do not match en {sorted(ph_en)}")
missing = KINDS - {r["kind"] for r in pat}
if missing:
    err(f"org_patterns.tsv: kinds without patterns: {sorted(missing)}")

# fields.tsv, words.tsv, people.tsv
fields = load("fields.tsv", ["field_zh", "field_en"], ["field_zh", "field_en"])
unique("fields.tsv", fields, "field_zh")
words = load("words.tsv", ["word_zh", "word_en"], ["word_zh", "word_en"])
unique("words.tsv", words, "word_zh")
unique("words.tsv", words, "word_en")
for r in words:
    if len(r["word_zh"]) != 2:
        err(f"words.tsv:{r['_line']}: word {r['word_zh']!r} is not two characters")
    if not re.fullmatch(r"[A-Z][a-z]+", r["word_en"]):
        err(f"words.tsv:{r['_line']}: word_en {r['word_en']!r} is not a capitalised pinyin word")
people = load("people.tsv", ["kind", "value"], ["kind", "value"])
seen = set()
for r in people:
    if r["kind"] not in {"surname", "given"}:
        err(f"people.tsv:{r['_line']}: bad kind {r['kind']!r}")
    if (r["kind"], r["value"]) in seen:
        err(f"people.tsv:{r['_line']}: duplicate {r['kind']} {r['value']!r}")
    seen.add((r["kind"], r["value"]))

# minimum sizes from the brief
sizes = {
    "orgs.tsv": (len(orgs), 80), "facilities.tsv": (len(fac), 20), "instrument_types.tsv": (len(it), 120),
    "org_patterns.tsv": (len(pat), 40), "fields.tsv": (len(fields), 60), "words.tsv": (len(words), 150),
    "people.tsv surnames": (sum(r["kind"] == "surname" for r in people), 100),
    "people.tsv given": (sum(r["kind"] == "given" for r in people), 300),
}
for name, (n, lo) in sizes.items():
    if n < lo:
        err(f"{name}: {n} rows, at least {lo} expected")

for name, (n, _) in sizes.items():
    print(f"{name:24s} {n}")
if errors:
    print(f"\n{len(errors)} error(s):")
    for e in errors:
        print("  " + e)
    sys.exit(1)
print("all checks passed")
