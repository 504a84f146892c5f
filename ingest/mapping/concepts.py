"""concepts.csv → review-scoped SKOS: one `skos:ConceptScheme` per open scheme the review
extends (`id/scheme/{review}/{scheme}`), its concepts `id/concept/{review}/{scheme}/{key}` typed
`skos:Concept` and the ontology class of their scheme (`spkg:Instrument` ...), so a query over
instruments sees the review's own beside the shipped ones."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import SKOS

from ingest.mapping.concept_terms import NOT_SKOS_CONCEPTS, scheme_class
from ingest.mapping.context import Context
from ingest.namespaces import DCTERMS, RDFS
from ingest.schema import CONCEPT_SCHEMES

__all__ = ["map_concepts"]

# concepts.csv mapping column → SKOS mapping property
_MATCHES = {
    "exact_match": SKOS.exactMatch,
    "close_match": SKOS.closeMatch,
    "broad_match": SKOS.broadMatch,
    "narrow_match": SKOS.narrowMatch,
}


def map_concepts(ctx: Context) -> None:
    """The review's declared concepts and the schemes that hold them."""
    m, s = ctx.minter, ctx.spkg
    schemes: dict[str, URIRef] = {}
    for row in ctx.data.rows("concepts.csv"):
        scheme, key = str(row.get("scheme")), str(row.get("concept_id"))
        if scheme not in schemes:
            iri = ctx.node(m.declared_scheme(scheme), row, SKOS.ConceptScheme, main=False)
            ctx.add(iri, s.declaredBy, ctx.review)
            ctx.add(iri, DCTERMS.isPartOf, ctx.review)
            ctx.add(iri, SKOS.notation, Literal(scheme))
            label = f"{scheme.replace('-', ' ')} concepts declared by review {ctx.data.review_id}"
            ctx.add(iri, RDFS.label, Literal(label, lang="en"))
            schemes[scheme] = iri
        types = [s[scheme_class(scheme)]]
        if scheme not in NOT_SKOS_CONCEPTS:
            types.insert(0, SKOS.Concept)
        concept = ctx.node(ctx.concept(scheme, key), row, *types)
        ctx.add(concept, SKOS.inScheme, schemes[scheme])
        ctx.add(concept, s.declaredBy, ctx.review)
        ctx.cell(concept, SKOS.notation, row, "concept_id", [Literal(key)])
        ctx.cell(concept, SKOS.prefLabel, row, "label", [Literal(str(row.get("label")))])
        definition = row.get("definition")
        if isinstance(definition, str):
            ctx.cell(concept, SKOS.definition, row, "definition", [Literal(definition)])
        broader = row.get("broader_id")
        if isinstance(broader, str):
            ctx.link(concept, SKOS.broader, row, "broader_id", ctx.concept(scheme, broader))
        for column, predicate in _MATCHES.items():
            targets = [_target(ctx, item) for item in row.items(column)]
            ctx.cell(concept, predicate, row, column, targets)
        note = row.get("note")
        if isinstance(note, str):
            ctx.cell(concept, s.curatorNote, row, "note", [Literal(note)])


def _target(ctx: Context, item: str) -> URIRef:
    """A mapping target: a concept written `<scheme>:<key>`, else the IRI as written."""
    prefix, colon, key = item.partition(":")
    if colon and prefix in CONCEPT_SCHEMES:
        return ctx.concept(prefix, key)
    return URIRef(item)
