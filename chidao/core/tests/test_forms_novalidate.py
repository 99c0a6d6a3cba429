"""No browser-native tooltip before the app's own message: every form is validated on the server."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_form_in_every_template_is_novalidate() -> None:
    missing = []
    for path in sorted(ROOT.glob("*/templates/**/*.html")) + sorted((ROOT / "templates").glob("**/*.html")):
        for tag in re.findall(r"<form\b[^>]*>", path.read_text(encoding="utf-8")):
            if "novalidate" not in tag and "logout" not in tag:
                missing.append(f"{path.relative_to(ROOT)}: {tag[:80]}")
    assert not missing, "Biểu mẫu thiếu novalidate (trình duyệt sẽ hiện thông báo tiếng Anh):\n" + "\n".join(missing)
