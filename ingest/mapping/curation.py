"""Values the curator derives from another cell of the same row, declared as such.

The data dictionary marks such columns (`Column.derived_from`: a quote speaker's age bounds,
read off the printed label, `50+ years` → a minimum of 50). Their values are stated in the
supplementary graph (`Context.is_curators`) and each gets an `spkg:ValueSource` of kind
`spkg:Derived` there, as a cell listed in value_sources.csv gets one, so no one has to list
them: the rule holds for every row, now and in any new review.
"""

from __future__ import annotations

from rdflib import Literal

from ingest.mapping.context import Context, Origin
from ingest.namespaces import PROV, RDF, RDFS
from ingest.schema import file_schema

__all__ = ["map_derived_sources"]


def map_derived_sources(ctx: Context) -> None:
    """One `spkg:ValueSource` of kind `spkg:Derived` per filled cell of a derived column."""
    m, s, graph = ctx.minter, ctx.spkg, ctx.supplementary
    for file, rows in ctx.data.tables.items():
        derived = [c for c in file_schema(file).columns if c.derived_from is not None]
        for row in rows if derived else ():
            for column in derived:
                key, name = row.key_text, column.name
                subject = ctx.cell_subjects.get((file, key, name))
                if row.get(name) is None or subject is None or ctx.data.is_listed(file, key, name):
                    continue  # empty, not mapped, or already noted by value_sources.csv
                node = m.value_source(file, key, name)
                ctx.origins.setdefault(node, Origin(row.file, row.row, key))
                graph.add((node, RDF.type, s.ValueSource))
                graph.add((node, s.sourceFile, Literal(file)))
                graph.add((ctx.review, s.hasValueSource, node))
                graph.add((node, s.aboutResource, subject))
                term = ctx.column_terms.get((file, name))
                if term is not None:
                    graph.add((node, s.aboutProperty, term))
                graph.add((node, s.sourceKind, s.Derived))
                note = f"Read off the {column.derived_from} cell of the same row by the curator."
                graph.add((node, RDFS.comment, Literal(note)))
                graph.add((node, PROV.wasDerivedFrom, ctx.review))
