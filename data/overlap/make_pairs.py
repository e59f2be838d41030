#!/usr/bin/env python3
"""make_pairs.py — builds data/overlap/pairs.tsv, the labelled set of guide
item pairs that `make test` scores (tests/unit/test_overlap_eval.c).

Every pair is made from the hand-written items of base_zh.py and
base_en.py, and its label follows from how it was made, never from a
score:

  duplicate   the same item after changes that leave its text in place:
              sentences reordered (reorder), traditional characters,
              full-width digits, other punctuation and spacing (format),
              a few words inserted (insert), two or three words swapped
              for synonyms (synonym), or several of these (mixed)
  suspected   a substantial part repeated: about two thirds of the
              item's sentences copied into an item on another topic
              (partial), or the whole item reworded by hand, sentence by
              sentence, keeping its aims and indicators (paraphrase)
  different   another item of the same field on another topic
              (same_field), or an item of another field (unrelated)

Run from the repository root:  python3 data/overlap/make_pairs.py
Needs the `opencc` command (Debian package opencc) for traditional
characters.  Deterministic: the same files give the same pairs.
"""
import os
import random
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import base_en  # noqa: E402
import base_zh  # noqa: E402

SYN_ZH = [("研究", "研发"), ("突破", "攻克"), ("开发", "研制"), ("建立", "构建"),
          ("提高", "提升"), ("开展", "进行"), ("针对", "面向"), ("关键技术", "核心技术"),
          ("实现", "达成"), ("解决", "攻克"), ("示范", "试点"), ("降低", "减少"),
          ("不少于", "至少"), ("不低于", "至少达到"), ("技术", "工艺")]
SYN_EN = [("develop", "create"), ("study", "investigate"), ("build", "construct"),
          ("establish", "set up"), ("improve", "enhance"), ("address", "tackle"),
          ("at least", "no fewer than"), ("below", "under"), ("project", "programme"),
          ("demonstrated", "showcased"), ("will", "shall")]
FILL_ZH = ["进一步", "重点", "系统地", "同时", "着力", "有效", "积极", "全面", "深入"]
FILL_EN = ["further", "in particular", "systematically", "also", "effectively",
           "where possible", "jointly"]


def sentences(text, lang):
    if lang == "zh":
        parts = re.findall(r"[^。；]+[。；]?", text)
    else:
        parts = re.findall(r".+?(?:[.;](?:\s+|$)|$)", text)
    return [p for p in parts if p.strip()]


def join(parts, lang):
    s = "".join(parts) if lang == "zh" else " ".join(p.strip() for p in parts)
    return s.strip()


def shuffled(rng, parts):
    if len(parts) < 2:
        return list(parts)
    out = list(parts)
    while out == parts:
        rng.shuffle(out)
    return out


def fix_end(parts, lang):
    """Ends every sentence with its mark after a reorder (the last one of
    the original may lack it)."""
    out = []
    for p in parts:
        p = p.strip()
        if lang == "zh" and not p.endswith(("。", "；")):
            p += "。"
        if lang == "en" and not p.endswith((".", ";")):
            p += "."
        out.append(p)
    return out


def reorder(rng, item, lang):
    f, t, c, i = item
    return (f, t, join(shuffled(rng, fix_end(sentences(c, lang), lang)), lang),
            join(shuffled(rng, fix_end(sentences(i, lang), lang)), lang))


def to_traditional(s):
    r = subprocess.run(["opencc", "-c", "s2t.json"], input=s, capture_output=True,
                       text=True, check=True)
    return r.stdout.rstrip("\n")


def full_width(s):
    return "".join(chr(ord(ch) + 0xFEE0) if ("0" <= ch <= "9" or "A" <= ch <= "Z"
                                             or "a" <= ch <= "z") else ch for ch in s)


def format_zh(rng, item):
    f, t, c, i = item
    c = to_traditional(c)
    c = c.replace("，", ", ").replace("、", "/")
    i = full_width(i).replace("；", ";\u3000").replace("，", ",")
    t = to_traditional(t) if rng.random() < 0.5 else t + " "
    return (f, t, c, i)


def format_en(rng, item):
    f, t, c, i = item
    t = t.upper()
    c = re.sub(r",", " ,", c).replace(". ", " .  ").replace("-", " - ")
    i = full_width(i) if rng.random() < 0.5 else i.replace("; ", " ;\n").replace(" ", "  ")
    return (f, t, c, i.replace("\n", " "))


def insert_words(rng, text, lang, per_sentence=1.0):
    parts = sentences(text, lang)
    out = []
    for p in parts:
        n = int(per_sentence) + (1 if rng.random() < per_sentence % 1 else 0)
        for _ in range(n):
            if lang == "zh":
                body = p.rstrip("。；")
                if len(body) < 6:
                    continue
                k = rng.randrange(2, len(body) - 2)
                p = body[:k] + rng.choice(FILL_ZH) + body[k:] + p[len(body):]
            else:
                words = p.split(" ")
                if len(words) < 4:
                    continue
                k = rng.randrange(1, len(words) - 1)
                words.insert(k, rng.choice(FILL_EN))
                p = " ".join(words)
        out.append(p)
    return join(out, lang)


def insert(rng, item, lang, per=1.0):
    f, t, c, i = item
    return (f, t, insert_words(rng, c, lang, per), i)


def synonym(rng, item, lang, count):
    f, t, c, i = item
    table = SYN_ZH if lang == "zh" else SYN_EN
    usable = [(a, b) for a, b in table if a in c]
    rng.shuffle(usable)
    for a, b in usable[:count]:
        c = c.replace(a, b, 1)
    return (f, t, c, i)


def mixed(rng, item, lang):
    item = reorder(rng, item, lang)
    item = insert(rng, item, lang, 0.5)
    return format_zh(rng, item) if lang == "zh" else format_en(rng, item)


def partial(rng, item, other, lang):
    """About two thirds of item's content sentences, in one run, then the
    other item's sentences; half of each one's indicators; the other's
    title."""
    f, t, c, i = item
    _, ot, oc, oi = other
    cs, os_ = sentences(c, lang), sentences(oc, lang)
    total = sum(len(s) for s in cs)
    start = rng.randrange(0, max(1, len(cs) - 2))
    keep, got = [], 0
    for s in cs[start:] + cs[:start]:
        if got >= 0.6 * total:
            break
        keep.append(s)
        got += len(s)
    need, new = total - got, []
    for s in os_:
        if sum(len(x) for x in new) >= need:
            break
        new.append(s)
    content = join(fix_end(keep + new, lang), lang)
    ii, oii = sentences(i, lang), sentences(oi, lang)
    half = max(1, (len(ii) + 1) // 2)
    indicators = join(fix_end(ii[:half] + oii[half:], lang), lang)
    return (f, ot, content, indicators)


def clean(s):
    s = s.replace("\t", " ").replace("\n", " ")
    return s


def main():
    out = []
    for lang, mod in (("zh", base_zh), ("en", base_en)):
        rng = random.Random(20240601 if lang == "zh" else 20240602)
        items = mod.BASE
        by_field = {}
        for k, it in enumerate(items):
            by_field.setdefault(it[0], []).append(k)
        dup_kinds = ["reorder", "format", "insert", "synonym", "mixed"]
        for k, it in enumerate(items):
            kinds = [dup_kinds[k % 5]] + ([dup_kinds[(k + 2) % 5]] if k % 2 == 0 else [])
            for kind in kinds:
                if kind == "reorder":
                    b = reorder(rng, it, lang)
                elif kind == "format":
                    b = format_zh(rng, it) if lang == "zh" else format_en(rng, it)
                elif kind == "insert":
                    b = insert(rng, it, lang)
                elif kind == "synonym":
                    b = synonym(rng, it, lang, 3)
                else:
                    b = mixed(rng, it, lang)
                out.append(("duplicate", kind, lang, it, b))
            same = [j for j in by_field[it[0]] if j != k]
            others = [j for j in range(len(items)) if items[j][0] != it[0]]
            out.append(("suspected", "partial", lang, it,
                        partial(rng, it, items[rng.choice(same)], lang)))
            if k in mod.PARAPHRASE:
                out.append(("suspected", "paraphrase", lang, it, (it[0],) + mod.PARAPHRASE[k]))
            out.append(("different", "same_field", lang, it, items[same[k % len(same)]]))
            out.append(("different", "unrelated", lang, it, items[rng.choice(others)]))
    rng = random.Random(7)
    with open(os.path.join(HERE, "pairs.tsv"), "w", encoding="utf-8") as f:
        f.write("id\tlabel\tkind\tlang\tfield\ta_title\ta_content\ta_indicators"
                "\tb_title\tb_content\tb_indicators\n")
        for n, (label, kind, lang, a, b) in enumerate(out, 1):
            if rng.random() < 0.5:
                a, b = b, a
            cols = [str(n), label, kind, lang, a[0]] + [clean(x) for x in a[1:]] + \
                   [clean(x) for x in b[1:]]
            f.write("\t".join(cols) + "\n")
    counts = {}
    for label, kind, lang, _, _ in out:
        counts[(label, kind)] = counts.get((label, kind), 0) + 1
    print(f"{len(out)} pairs:", ", ".join(f"{l}/{k} {n}" for (l, k), n in sorted(counts.items())))


if __name__ == "__main__":
    main()
