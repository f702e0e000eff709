"""The one model of a report: a title, a data date and an ordered list of sections of blocks.

Every kind of report is built as a :class:`Document` from the data (``reports.kinds``), and the same
document is drawn twice: as HTML by ``templates/reports/document.html`` and as PDF by
``reports.pdf``. Values are already formatted text when they reach a block (Thai digits, B.E. dates
and baht in words are decided by the builder, not by a renderer), so the two renderings say the
same thing. A chart is the pages' own chart model (``poverty.charts.BarLayout``): the HTML draws it
with the pages' SVG function, the PDF with fpdf2 primitives from the same layout.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Union

from chumchon.poverty.charts import BarLayout


@dataclass
class Para:
    text: str
    kind: str = "para"


@dataclass
class Facts:
    """Label–value pairs (a small two-column table)."""

    rows: list[tuple[str, str]]
    kind: str = "facts"


@dataclass
class Table:
    columns: list[str]
    rows: list[list[str]]
    numeric: list[bool] = field(default_factory=list)  # right-aligned columns
    note: str = ""
    kind: str = "table"

    def __post_init__(self) -> None:
        if not self.numeric:
            self.numeric = [False] * len(self.columns)

    @property
    def cells(self) -> list[list[tuple[str, bool]]]:
        return [list(zip(row, self.numeric, strict=True)) for row in self.rows]

    @property
    def heads(self) -> list[tuple[str, bool]]:
        return list(zip(self.columns, self.numeric, strict=True))


@dataclass
class Chart:
    title: str
    layout: BarLayout
    kind: str = "chart"


@dataclass
class Signatures:
    """Signature lines of a printable document: (role, name) per signer."""

    signers: list[tuple[str, str]]
    kind: str = "signatures"


Block = Union[Para, Facts, Table, Chart, Signatures]  # noqa: UP007  (a runtime alias)


@dataclass
class DocSection:
    key: str
    title: str
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Document:
    title: str
    subtitle: str
    data_as_of: dt.datetime  # the moment the data was read
    data_note: str  # the data date in words (and the survey round), printed on the cover line
    public: bool
    sections: list[DocSection] = field(default_factory=list)
    official: bool = False  # proposals and agreements: Thai digits, signature lines

    def text(self) -> str:
        """All the words of the document, for tests and search (the same text both renderings show)."""
        out = [self.title, self.subtitle, self.data_note]
        for s in self.sections:
            out.append(s.title)
            for b in s.blocks:
                if isinstance(b, Para):
                    out.append(b.text)
                elif isinstance(b, Facts):
                    out.extend(f"{k} {v}" for k, v in b.rows)
                elif isinstance(b, Table):
                    out.append(" ".join(b.columns))
                    out.extend(" ".join(r) for r in b.rows)
                    out.append(b.note)
                elif isinstance(b, Chart):
                    out.append(b.title)
                    out.extend(f"{bar.label} {bar.value_text}" for bar in b.layout.bars)
                elif isinstance(b, Signatures):
                    out.extend(f"{r} {n}" for r, n in b.signers)
        return "\n".join(t for t in out if t)
