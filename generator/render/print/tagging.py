"""What WeasyPrint's PDF/UA tagging leaves out: the scope of table header cells.

PDF/UA-1 (ISO 14289-1, 7.5) asks every header cell to say what it heads. WeasyPrint tags
``<th>`` as /TH with a table attribute object but no /Scope, so a screen reader cannot tell a
column head from a row head. A header cell in a row of header cells heads its column; one
beside data cells heads its row.
"""

from __future__ import annotations

import io
from typing import Any

import pikepdf


def scoped_headers(pdf: bytes) -> bytes:
    """The PDF with /Scope on every /TH; the same input gives the same bytes."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        root = document.Root.get("/StructTreeRoot")
        if root is None:
            return pdf
        changed = _visit(root.get("/K"), None)
        if not changed:
            return pdf
        out = io.BytesIO()
        document.save(out, static_id=True, deterministic_id=False, compress_streams=True)
        return out.getvalue()


def _visit(node: Any, row: Any) -> int:
    if isinstance(node, pikepdf.Array):
        return sum(_visit(child, row) for child in node)
    if not isinstance(node, pikepdf.Dictionary):
        return 0
    kind = node.get("/S")
    changed = 0
    if kind == "/TH":
        attributes = node.get("/A")
        if not isinstance(attributes, pikepdf.Dictionary):
            attributes = pikepdf.Dictionary({"/O": pikepdf.Name("/Table")})
            node["/A"] = attributes
        all_heads = row is not None and all(_kind(cell) == "/TH" for cell in _children(row))
        attributes["/Scope"] = pikepdf.Name("/Column" if all_heads else "/Row")
        changed = 1
    return changed + _visit(node.get("/K"), node if kind == "/TR" else row)


def _children(node: Any) -> list[Any]:
    kids = node.get("/K")
    if isinstance(kids, pikepdf.Array):
        return [k for k in kids if isinstance(k, pikepdf.Dictionary) and "/S" in k]
    return [kids] if isinstance(kids, pikepdf.Dictionary) and "/S" in kids else []


def _kind(node: Any) -> str:
    return str(node.get("/S", ""))
