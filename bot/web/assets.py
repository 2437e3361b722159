"""The widget's static files, served under content-hashed names.

`widget.js` (the one-line embed) is a small loader with a short cache
lifetime; it loads `widget.<hash>.js` and `widget.<hash>.css`, which never
change under a given name and are cached for a year.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Optional

STATIC = Path(__file__).resolve().parent / "static"
CONTENT_TYPES = {".js": "application/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}


@dataclass(frozen=True)
class Asset:
    name: str  # the hashed name, e.g. widget.3f2a9c1b7d4e.js
    body: bytes
    content_type: str


class Assets:
    def __init__(self, root: Path = STATIC, files: tuple = ("widget.js", "widget.css")) -> None:
        self.by_source: Dict[str, Asset] = {}
        for source in files:
            path = root / source
            body = path.read_bytes()
            digest = hashlib.sha256(body).hexdigest()[:12]
            hashed = f"{path.stem}.{digest}{path.suffix}"
            self.by_source[source] = Asset(hashed, body, CONTENT_TYPES[path.suffix])
        self.by_name = {asset.name: asset for asset in self.by_source.values()}

    def url(self, source: str) -> str:
        return f"/static/{self.by_source[source].name}"

    def get(self, name: str) -> Optional[Asset]:
        return self.by_name.get(name)
