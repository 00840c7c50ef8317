"""PDF/UA-1 that holds: what the pinned engine's tagging leaves out, mended after it wrote.

WeasyPrint 70 (``weasyprint/pdf/tags.py``) tags a document as it lays it out, with three gaps
PDF/UA-1 does not allow, which this module closes on the written file with pikepdf:

- the page margins' text (the running header, *page N sur M*) is marked content with an MCID,
  mapped in the parent tree to structure elements that no element of the tree holds (the engine
  says an artifact would be allowed only in PDF 2.0): such content becomes an
  ``/Artifact /Pagination`` and leaves the parent tree, so that every MCID left is reachable
  from the structure tree root;
- a table's header cells carry no ``/Scope``: a header cell in a row of data cells gets
  ``/Row``, any other ``/Column`` (HTML's own rule for a ``th`` without ``scope``);
- a chart's alternative text is taken from its SVG's first ``<title>``, which
  :mod:`tutoral_gen.render.printed` fills with what the chart shows and its values.

The engine writes each marked content as ``/Tag\\n<</MCID n>>\\nBDC``; a stream written
otherwise is parsed as a whole instead, so a change of format costs time, never correctness.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

import pikepdf

VERSION = "1"
"""Changes when what :func:`mend` does changes: the cached documents are made again."""
_MARKED = re.compile(rb"/[A-Za-z0-9]+\n<</MCID (\d+)>>\nBDC")
ARTIFACT = b"/Artifact\n<</Type /Pagination>>\nBDC"
"""What a margin's marked content becomes."""


def mend(data: bytes) -> bytes:
    """The document with margin content made artifacts and header cells scoped."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        if root is None:
            return data
        elements = list(_elements(root))
        _artifacts(pdf, root, {el.objgen for el in elements})
        for element in elements:
            if element.get("/S") == pikepdf.Name.TH:
                _scope(element)
        out = io.BytesIO()
        # The engine's metadata (PDF/UA identification, dates) is kept as written.
        pdf.save(out, deterministic_id=True, fix_metadata_version=False)
        return out.getvalue()


def _elements(root: pikepdf.Object) -> Iterator[pikepdf.Dictionary]:
    """Every structure element the tree holds, from its root down."""
    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if not isinstance(node, pikepdf.Dictionary) or node.get("/Type") == pikepdf.Name.MCR:
            continue
        if node.objgen != (0, 0):
            if node.objgen in seen:
                continue
            seen.add(node.objgen)
        if "/S" in node:
            yield node
        kids = node.get("/K")
        if isinstance(kids, pikepdf.Array):
            stack.extend(reversed(list(kids)))
        elif kids is not None:
            stack.append(kids)


def _artifacts(pdf: pikepdf.Pdf, root: pikepdf.Object, held: set[tuple[int, int]]) -> None:
    """Marked content mapped to no element of the tree becomes an artifact, page by page."""
    nums = root.ParentTree.get("/Nums")
    if nums is None:
        return
    mapping = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    for page in pdf.pages:
        key = page.obj.get("/StructParents")
        parents = mapping.get(int(key)) if key is not None else None
        if not isinstance(parents, pikepdf.Array):
            continue
        loose = {
            mcid
            for mcid, element in enumerate(parents)
            if isinstance(element, pikepdf.Dictionary) and element.objgen not in held
        }
        if loose:
            _rewrite(pdf, page, loose)
            for mcid in loose:
                parents[mcid] = None


def _rewrite(pdf: pikepdf.Pdf, page: pikepdf.Page, loose: set[int]) -> None:
    """The page's marked contents numbered in ``loose`` turned into artifacts."""
    raw = page.obj.Contents
    if isinstance(raw, pikepdf.Stream):
        found = 0

        def swap(match: re.Match[bytes]) -> bytes:
            nonlocal found
            if int(match.group(1)) not in loose:
                return match.group(0)
            found += 1
            return ARTIFACT

        text = _MARKED.sub(swap, raw.read_bytes())
        if found == len(loose):
            raw.write(text)
            return
    _parsed(pdf, page, loose)


def _parsed(pdf: pikepdf.Pdf, page: pikepdf.Page, loose: set[int]) -> None:
    """The same, the content stream parsed operator by operator (any writing of it)."""
    out: list[Any] = []
    for instruction in pikepdf.parse_content_stream(page):
        operands, operator = instruction.operands, instruction.operator
        if str(operator) == "BDC" and len(operands) == 2:
            props = operands[1]
            mcid = props.get("/MCID") if isinstance(props, pikepdf.Dictionary) else None
            if mcid is not None and int(mcid) in loose:
                kind = pikepdf.Dictionary(Type=pikepdf.Name.Pagination)
                instruction = pikepdf.ContentStreamInstruction(
                    [pikepdf.Name.Artifact, kind], operator
                )
        out.append(instruction)
    page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(out))


def _scope(cell: pikepdf.Dictionary) -> None:
    """``/Row`` for a header cell in a row that holds data cells, else ``/Column``."""
    row = cell.get("/P")
    kids = row.get("/K") if isinstance(row, pikepdf.Dictionary) else None
    cells = list(kids) if isinstance(kids, pikepdf.Array) else []
    data = any(isinstance(c, pikepdf.Dictionary) and c.get("/S") == pikepdf.Name.TD for c in cells)
    scope = pikepdf.Name.Row if data else pikepdf.Name.Column
    attributes = cell.get("/A")
    if isinstance(attributes, pikepdf.Array):
        owned = [a for a in attributes if isinstance(a, pikepdf.Dictionary)]
        table = next((a for a in owned if a.get("/O") == pikepdf.Name.Table), None)
        if table is not None:
            table.Scope = scope
            return
        attributes.append(pikepdf.Dictionary(O=pikepdf.Name.Table, Scope=scope))
    elif isinstance(attributes, pikepdf.Dictionary) and attributes.get("/O") == pikepdf.Name.Table:
        attributes.Scope = scope
    else:
        cell.A = pikepdf.Dictionary(O=pikepdf.Name.Table, Scope=scope)
