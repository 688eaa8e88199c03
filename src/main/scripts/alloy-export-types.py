#!/usr/bin/env python3
"""Adds the type of every export to a component catalog, read from Alloy's reference pages.

Usage: alloy-export-types.py CATALOG.json ALLOY_GIT_DIR > CATALOG-with-types.json

For each component and config block the catalog names, reads the "Exported fields" table of its
page ("doc") in grafana/alloy at the catalog's "alloy_commit" (with `git show`, so a bare clone
will do) and writes "export_types": {"<export>": "<type as the page writes it>"} beside
"exports". A page without the table gets no "export_types"; what the page gets wrong is
corrected in alloy/catalog-corrections.json (with the reason), not here.
"""
import json
import re
import subprocess
import sys

ROW = re.compile(r"^\|\s*`([A-Za-z_][A-Za-z0-9_]*)`\s*\|\s*`([^|]+)`\s*\|")
SHARED = re.compile(r'\{\{<\s*docs/shared\s+lookup="([^"]+)"')


def page(git_dir, commit, path):
    result = subprocess.run(
        ["git", "--git-dir", git_dir, "show", f"{commit}:{path}"],
        capture_output=True, text=True, check=False)
    return result.stdout if result.returncode == 0 else None


def export_types(text, shared):
    """The (name, type) rows of the page's "Exported fields" (or "Exports") section.

    A shared snippet included there ({{< docs/shared lookup="…" >}}) is read in its place.
    """
    types, inside = {}, False
    for line in text.splitlines():
        if line.startswith("## "):
            inside = line.strip().lower().startswith("## export")
            continue
        if inside:
            include = SHARED.search(line)
            if include:
                for name, t in export_types("## Exports\n" + (shared(include.group(1)) or ""), shared).items():
                    types.setdefault(name, t)
            row = ROW.match(line.strip())
            if row:
                types.setdefault(row.group(1), row.group(2).strip())
    return types


def main(catalog_path, git_dir):
    with open(catalog_path, encoding="utf-8") as f:
        catalog = json.load(f)
    commit = catalog["alloy_commit"]

    def shared(lookup):
        return page(git_dir, commit, "docs/sources/shared/" + lookup.lstrip("/"))

    for section in ("components", "config_blocks"):
        for spec in catalog.get(section, {}).values():
            doc = spec.get("doc")
            text = page(git_dir, commit, doc) if doc else None
            types = export_types(text, shared) if text else {}
            exports = spec.get("exports") or []
            types = {name: t for name, t in types.items() if name in exports}
            if types:
                spec["export_types"] = dict(sorted(types.items()))
            else:
                spec.pop("export_types", None)
    json.dump(catalog, sys.stdout, indent=1, sort_keys=True, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
