"""Ground truth for `npm run bench:syntax`: whether CPython compiles each text (one JSON object a line on
stdin, {"id", "text"}; answers {"id", "ok", "error"} a line on stdout, in order)."""
import json
import sys
import warnings

warnings.simplefilter("ignore")
for line in sys.stdin:
    item = json.loads(line)
    try:
        compile(item["text"], "<edit>", "exec", dont_inherit=True)
        out = {"id": item["id"], "ok": True, "error": ""}
    except (SyntaxError, ValueError) as err:
        out = {"id": item["id"], "ok": False, "error": f"{type(err).__name__}: {err}"}
    sys.stdout.write(json.dumps(out) + "\n")
