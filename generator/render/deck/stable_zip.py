"""Office files whose bytes depend on their contents only."""

from __future__ import annotations

import io
import re
import zipfile


def stable_zip(data: bytes, moment: str = "2000-01-01T00:00:00Z") -> bytes:
    """A ZIP whose bytes depend on its contents only: every member dated 1980-01-01, and the
    workbooks behind native charts (ZIPs themselves, stamped with the time they were
    written) dated ``moment``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename.endswith(".xlsx"):
                content = stable_zip(content, moment)
            elif info.filename == "docProps/core.xml":
                content = _STAMPS.sub(rb"\g<1>" + moment.encode() + rb"\g<2>", content)
            member = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o600 << 16
            target.writestr(member, content)
    return out.getvalue()


_STAMPS = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")
