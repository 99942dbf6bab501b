#!/usr/bin/env python3
"""Checks that a PDF is tagged, and tagged right, from qpdf's JSON of the file:

- the catalog says /MarkInfo << /Marked true >>, has /Lang and a /StructTreeRoot with a
  role map, a parent tree and /ParentTreeNextKey;
- every structure type is standard or mapped to a standard one by the role map; figures
  have /Alt; every element's /P is the element that lists it;
- content: marked-content operators balance; every painting operator is inside a
  sequence with an MCID or inside an /Artifact; MCIDs are unique on their page;
- every MCID on a page is in the structure tree exactly once, and the parent tree maps
  it to the element that holds it; every element's MCIDs exist in the content;
- every link and widget annotation has a /StructParent that the parent tree maps to the
  element whose /K holds its OBJR;
- with --langs a,b: the Part elements, in order, carry those /Lang values.

usage: check_tags.py FILE.pdf [--langs en,zh-Hant] [--pdfua]
"""
import base64
import json
import re
import subprocess
import sys

STANDARD = set("""Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private
P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note
Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form""".split())
PAINT = {"Tj", "TJ", "'", '"', "Do", "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "BI"}

errors = []


def err(msg):
    errors.append(msg)


def load(path):
    out = subprocess.run(["qpdf", "--json=2", "--json-stream-data=inline", "--decode-level=generalized", path],
                         capture_output=True, check=True).stdout
    doc = json.loads(out)["qpdf"][1]
    objs = {}
    for key, v in doc.items():
        if key.startswith("obj:"):
            objs[key[4:]] = v
    return objs, doc["trailer"]["value"]


class Pdf:
    def __init__(self, path):
        self.objs, self.trailer = load(path)

    def val(self, x):
        """Follows a reference to the object's value (a stream's dictionary)."""
        while isinstance(x, str) and re.fullmatch(r"\d+ \d+ R", x):
            o = self.objs.get(x)
            if o is None:
                return None
            x = o["value"] if "value" in o else o["stream"]["dict"]
        return x

    def data(self, ref):
        o = self.objs[ref]
        return base64.b64decode(o["stream"].get("data", ""))


def text_string(s):
    if isinstance(s, str) and s.startswith("u:"):
        return s[2:]
    if isinstance(s, str) and s.startswith("b:"):
        b = bytes.fromhex(s[2:])
        return b[2:].decode("utf-16-be") if b[:2] == b"\xfe\xff" else b.decode("latin-1")
    return s


TOKEN = re.compile(rb"""
    (?P<ws>\s+|%[^\r\n]*)
  | (?P<hex><[0-9A-Fa-f\s]*>)
  | (?P<dopen><<) | (?P<dclose>>>)
  | (?P<aopen>\[) | (?P<aclose>\])
  | (?P<str>\()
  | (?P<name>/[^\s/\[\]()<>{}%]*)
  | (?P<num>[+-]?(\d+\.?\d*|\.\d+))
  | (?P<op>[A-Za-z'"*]+)
""", re.X)


def tokens(data):
    """Content stream tokens: operands as Python values, operators as ('op', name)."""
    i, n = 0, len(data)
    while i < n:
        m = TOKEN.match(data, i)
        if not m:
            i += 1
            continue
        kind = m.lastgroup
        if kind == "str":
            depth, j = 1, m.end()
            while j < n and depth:
                c = data[j:j + 1]
                if c == b"\\":
                    j += 2
                    continue
                depth += c == b"(" and 1 or (c == b")" and -1 or 0)
                j += 1
            yield ("str", data[m.end():j - 1])
            i = j
            continue
        i = m.end()
        if kind == "ws":
            continue
        if kind == "op" and m.group() == b"BI":
            # Inline images: skip to EI.
            end = data.find(b"EI", i)
            yield ("op", "BI")
            i = end + 2 if end >= 0 else n
            continue
        yield (kind, m.group().decode("latin-1"))


def parse_props(toks, k):
    """The dictionary starting at toks[k] ('dopen'): returns (dict of name -> value, next k)."""
    d, key, depth = {}, None, 0
    while k < len(toks):
        kind, v = toks[k]
        k += 1
        if kind == "dopen":
            depth += 1
            continue
        if kind == "dclose":
            depth -= 1
            if depth == 0:
                return d, k
            continue
        if depth == 1:
            if key is None and kind == "name":
                key = v
            elif key is not None:
                d[key] = v
                key = None
    return d, k


def scan_content(data, where):
    """MCIDs of the stream, after checking that all paint is marked."""
    toks = list(tokens(data))
    stack, mcids, operands = [], [], []
    k = 0
    while k < len(toks):
        kind, v = toks[k]
        if kind == "dopen":
            props, k = parse_props(toks, k)
            operands.append(props)
            continue
        k += 1
        if kind != "op":
            operands.append(v)
            continue
        if v == "BMC":
            stack.append((operands[-1] if operands else "?", None))
        elif v == "BDC":
            tag = operands[-2] if len(operands) >= 2 else "?"
            props = operands[-1] if operands and isinstance(operands[-1], dict) else {}
            mcid = props.get("/MCID")
            mcid = int(mcid) if mcid is not None else None
            if mcid is not None:
                if any(m is not None for _, m in stack):
                    err(f"{where}: MCID {mcid} nested in another MCID")
                mcids.append(mcid)
            stack.append((tag, mcid))
        elif v == "EMC":
            if not stack:
                err(f"{where}: EMC without BMC/BDC")
            else:
                stack.pop()
        elif v in PAINT:
            marked = any(m is not None for _, m in stack) or any(t == "/Artifact" for t, _ in stack)
            if not marked:
                err(f"{where}: '{v}' outside marked content and artifacts")
        operands = []
    if stack:
        err(f"{where}: {len(stack)} marked-content sequences left open")
    if len(set(mcids)) != len(mcids):
        err(f"{where}: an MCID used twice")
    return mcids


def flatten_nums(pdf, node, out, root=True):
    """The number tree's keys and values; a node below the root must have /Limits that
    hold its keys, and keys must ascend."""
    node = pdf.val(node)
    before = len(out)
    nums = node.get("/Nums")
    if nums:
        keys = nums[0::2]
        if keys != sorted(keys) or (out and keys and keys[0] <= max(out)):
            err("number tree: keys out of order")
        for i in range(0, len(nums), 2):
            out[nums[i]] = nums[i + 1]
    for kid in node.get("/Kids", []):
        flatten_nums(pdf, kid, out, False)
    limits = node.get("/Limits")
    keys = list(out)[before:]
    if not root and (not limits or not keys or limits != [min(keys), max(keys)]):
        err(f"number tree: node /Limits {limits} do not hold its keys")


def main():
    args = sys.argv[1:]
    path = args[0]
    langs = None
    if "--langs" in args:
        langs = args[args.index("--langs") + 1].split(",")
    pdf = Pdf(path)
    root = pdf.val(pdf.trailer["/Root"])
    mark = pdf.val(root.get("/MarkInfo")) or {}
    if mark.get("/Marked") is not True:
        err("catalog: no /MarkInfo << /Marked true >>")
    if not root.get("/Lang"):
        err("catalog: no /Lang")
    tree = pdf.val(root.get("/StructTreeRoot"))
    if not tree:
        err("catalog: no /StructTreeRoot")
        return report()
    rolemap = pdf.val(tree.get("/RoleMap")) or {}
    if "/RoleMap" not in tree:
        err("structure tree root: no /RoleMap")
    if "/ParentTree" not in tree or "/ParentTreeNextKey" not in tree:
        err("structure tree root: no /ParentTree or /ParentTreeNextKey")
    for k, v in rolemap.items():
        if v[1:] not in STANDARD:
            err(f"role map: {k} maps to {v}, not a standard type")
        if k[1:] in STANDARD:
            err(f"role map: remaps the standard type {k}")

    # Pages in order.
    pages = []

    def walk_pages(ref):
        node = pdf.val(ref)
        if node.get("/Type") == "/Pages":
            for kid in node["/Kids"]:
                walk_pages(kid)
        else:
            pages.append(ref)
    walk_pages(root["/Pages"])

    # Content.
    content_mcids = {}
    for i, ref in enumerate(pages):
        page = pdf.val(ref)
        contents = page.get("/Contents")
        refs = contents if isinstance(contents, list) else [contents] if contents else []
        data = b"\n".join(pdf.data(r) for r in refs)
        content_mcids[ref] = scan_content(data, f"page {i + 1}")
        if content_mcids[ref] and "/StructParents" not in page:
            err(f"page {i + 1}: marked content but no /StructParents")

    # The structure tree.
    held = {}          # (page ref, mcid) -> element ref
    objr = {}          # annotation ref -> element ref
    part_langs = []
    count = 0

    def walk(ref, parent):
        nonlocal count
        e = pdf.val(ref)
        count += 1
        s = e.get("/S", "")
        std = rolemap.get(s, s)
        if std[1:] not in STANDARD:
            err(f"element {ref}: type {s} is neither standard nor role-mapped")
        if e.get("/P") != parent:
            err(f"element {ref} ({s}): /P is {e.get('/P')}, listed under {parent}")
        if std == "/Figure" and not text_string(e.get("/Alt", "")):
            err(f"element {ref}: a figure without /Alt")
        if s == "/Part":
            part_langs.append(text_string(e.get("/Lang", "")))
        pg = e.get("/Pg")
        kids = e.get("/K", [])
        kids = kids if isinstance(kids, list) else [kids]
        for kid in kids:
            if isinstance(kid, int):
                if pg is None:
                    err(f"element {ref}: an MCID without /Pg")
                key = (pg, kid)
            elif isinstance(kid, str):
                walk(kid, ref)
                continue
            else:
                kd = pdf.val(kid)
                if kd.get("/Type") == "/MCR":
                    key = (kd.get("/Pg", pg), kd["/MCID"])
                elif kd.get("/Type") == "/OBJR":
                    objr[kd["/Obj"]] = ref
                    continue
                else:
                    err(f"element {ref}: unknown kid {kid}")
                    continue
            if key in held:
                err(f"MCID {key[1]} on {key[0]} held by two elements")
            held[key] = ref
    top = tree.get("/K")
    for r in (top if isinstance(top, list) else [top]):
        walk(r, root.get("/StructTreeRoot"))

    nums = {}
    flatten_nums(pdf, tree.get("/ParentTree", {}), nums)
    for ref, mcids in content_mcids.items():
        page = pdf.val(ref)
        key = page.get("/StructParents")
        arr = pdf.val(nums.get(key)) if key is not None else None
        for m in mcids:
            elem = held.pop((ref, m), None)
            if elem is None:
                err(f"page {pages.index(ref) + 1}: MCID {m} is not in the structure tree")
            if not isinstance(arr, list) or m >= len(arr) or arr[m] != elem:
                err(f"page {pages.index(ref) + 1}: the parent tree does not map MCID {m} to its element")
    for (pg, m) in held:
        err(f"the structure tree holds MCID {m} of {pg}, which no content has")
    for i, ref in enumerate(pages):
        for a in pdf.val(ref).get("/Annots", []) or []:
            ad = pdf.val(a)
            if ad.get("/Subtype") not in ("/Link", "/Widget"):
                continue
            sp = ad.get("/StructParent")
            if sp is None:
                err(f"page {i + 1}: {ad.get('/Subtype')} annotation {a} has no /StructParent")
            elif nums.get(sp) != objr.get(a):
                err(f"page {i + 1}: annotation {a}: the parent tree does not give the element with its OBJR")
            if ad.get("/Subtype") == "/Link" and not ad.get("/Contents"):
                err(f"page {i + 1}: link {a} without /Contents")
    if langs is not None and part_langs != langs:
        err(f"parts have languages {part_langs}, expected {langs}")
    if "--pdfua" in args:
        prefs = pdf.val(root.get("/ViewerPreferences")) or {}
        if prefs.get("/DisplayDocTitle") is not True:
            err("PDF/UA: no /DisplayDocTitle true")
        meta = root.get("/Metadata")
        xmp = pdf.data(meta).decode("utf-8", "replace") if meta else ""
        if not re.search(r"<pdfuaid:part>1</pdfuaid:part>", xmp):
            err("PDF/UA: XMP has no pdfuaid:part 1")
        if "<dc:title>" not in xmp:
            err("PDF/UA: XMP has no dc:title")
    print(f"{path}: {count} elements, {sum(len(v) for v in content_mcids.values())} marked-content sequences, "
          f"{len(objr)} annotations, parts {part_langs}")
    return report()


def report():
    for e in errors[:40]:
        print("FAIL:", e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
