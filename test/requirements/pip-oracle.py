"""Differential-test oracle: read requirements texts the way pip does and print what pip sees.

Input (stdin): a JSON list of texts. Output (stdout): a JSON list, one entry per text, each a list of
logical lines pip keeps: {line, args, options, req | error}. pip's own reader (pip._internal) joins lines,
strips comments and reads options; PEP 508 strings are checked with the standalone `packaging`, which is
as strict as current pip (the pip here vendors an older, laxer packaging).
"""
import json
import sys

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from pip._internal.exceptions import InstallationError
from pip._internal.req.constructors import parse_editable, parse_req_from_line
from pip._internal.req.req_file import get_line_parser, preprocess
from pip._internal.vcs import is_url

SIMPLE = {
    "requirements": "--requirement",
    "constraints": "--constraint",
    "editables": "--editable",
    "index_url": "--index-url",
    "extra_index_urls": "--extra-index-url",
    "find_links": "--find-links",
    "trusted_hosts": "--trusted-host",
    "pre": "--pre",
    "no_index": "--no-index",
    "prefer_binary": "--prefer-binary",
    "require_hashes": "--require-hashes",
    "features_enabled": "--use-feature",
}


def options_of(opts):
    out = {}
    for dest, name in SIMPLE.items():
        v = getattr(opts, dest, None)
        if v in (None, False, []):
            continue
        out[name] = [] if v is True else (v if isinstance(v, list) else [v])
    hashes = getattr(opts, "hashes", None) or {}
    if hashes:
        out["--hash"] = sorted(f"{algo}:{h}" for algo, hs in hashes.items() for h in hs)
    return out


def requirement_of(args):
    try:
        parts = parse_req_from_line(args, None)
    except InstallationError:
        # pip's vendored packaging is older and stricter about `name @ url`; current packaging decides.
        if is_url(args) or "@" not in args:
            raise
        core = args.split(";", 1)[0]
        Requirement(core.strip())
        parts = None
    marker_text = None
    sep = "; " if is_url(args) else ";"
    core = args
    if sep in args:
        core, marker_text = args.split(sep, 1)
        marker_text = marker_text.strip() or None
        if marker_text:
            Marker(marker_text)
    out = {"marker": marker_text, "name": None, "spec": None}
    if parts is None or parts.link is None:
        req = Requirement(core.strip())
        out["name"] = canonicalize_name(req.name)
        out["spec"] = sorted(str(s) for s in req.specifier) if not req.url else None
        out["url"] = req.url
        out["extras"] = sorted(req.extras)
    elif parts.requirement is not None:
        out["name"] = canonicalize_name(parts.requirement.name)
    return out


def read(text):
    result = []
    parse_line = get_line_parser(None)
    for number, line in preprocess(text):
        entry = {"line": number}
        try:
            args, opts = parse_line(line)
            entry["args"] = args
            entry["options"] = options_of(opts)
            if args:
                entry["req"] = requirement_of(args)
            elif opts.editables:
                entry["req"] = {"name": None, "editable": True}
                try:
                    name = parse_editable(opts.editables[0])[0]
                    entry["req"]["name"] = canonicalize_name(name) if name else None
                except InstallationError:
                    pass  # a path that does not exist here: pip would read its metadata
        except (Exception, SystemExit) as e:  # noqa: BLE001 - any rejection is what we compare
            entry["error"] = f"{type(e).__name__}: {e}"
        result.append(entry)
    return result


if __name__ == "__main__":
    texts = json.load(sys.stdin)
    json.dump([read(t) for t in texts], sys.stdout)
