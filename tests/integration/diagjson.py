"""Reading epistle's --json diagnostics: one JSON object per line, with exactly these keys."""
import json

KEYS = ["file", "line", "column", "severity", "code", "message", "hint", "end_line", "end_column", "source"]


def parse(text):
    """The objects on the lines of text, and what is wrong with the lines."""
    objs, problems = [], []
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            o = json.loads(line)
        except ValueError:
            problems.append(f"not a JSON line: {line[:200]!r}")
            continue
        if list(o) != KEYS:
            problems.append(f"keys {list(o)}, expected {KEYS}")
        objs.append(o)
    return objs, problems
