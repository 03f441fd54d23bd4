"""Zip archives (``.xlsx``, ``.docx``) with fixed dates, so the same report gives the same bytes.

A zip file records when each member was written; libraries that write Office files use the
clock for that. :func:`with_date` writes the archive again, member by member in the same order,
with every member dated ``day``.

>>> import datetime as dt, io, zipfile
>>> buffer = io.BytesIO()
>>> with zipfile.ZipFile(buffer, "w") as z:
...     z.writestr("a.xml", "<a/>")
>>> fixed = with_date(buffer.getvalue(), dt.date(2025, 1, 20))
>>> zipfile.ZipFile(io.BytesIO(fixed)).getinfo("a.xml").date_time
(2025, 1, 20, 0, 0, 0)
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

__all__ = ["with_date"]


def with_date(archive: bytes, day: dt.date) -> bytes:
    """``archive`` written again with every member dated ``day`` (at midnight)."""
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(archive)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(member))
    return out.getvalue()
