"""Topic variables: what a review declares (variables.csv, or a superseded core column) and the
value each review, study or included record has.

A variable is `id/variable/{review}/{variable_id}` (`spkg:TopicVariable`); each value a node
`id/variable-value/{review}/{variable_id}/{target_id}` (`spkg:VariableValue`, `spkg:ofVariable`,
`spkg:valueFor`, `rdf:value`). A variable with a `term` also states each value with that
property on what it is for, exactly as the core column it may replace did
(`spkg:onlyPartOfSampleLonely true` on the inclusion), so queries, shapes and the ontology's
rules keep seeing it. Every triple of a value is placed and traced by its cell: a value listed
in value_sources.csv goes to the supplementary graph.
"""

from __future__ import annotations

from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.namespace import RDFS, SKOS
from rdflib.term import Node

from ingest.mapping.context import Context, literals
from ingest.mapping.terms import camel
from ingest.namespaces import PREFIXES, PROV, RDF, XSD
from ingest.readers import Row
from ingest.topic_variables import Declaration, VariableValue, declarations, variable_values

__all__ = ["declared_variable", "map_variables", "term_iri"]

_DATATYPES = {
    "integer": XSD.integer,
    "decimal": XSD.decimal,
    "boolean": XSD.boolean,
    "year": XSD.gYear,
}
# variables.csv literal columns → the term each is stated with on the variable.
_DECLARATION_TERMS = {
    "label": (RDFS.label, SKOS.prefLabel),
    "definition": (SKOS.definition,),
}


def term_iri(ctx: Context, term: str) -> URIRef:
    """A variable's `term`: an absolute IRI, `spkg:` local name or CURIE of a bound vocabulary."""
    if term.startswith(("http://", "https://")):
        return URIRef(term)
    prefix, local = term.split(":", 1)
    return ctx.spkg[local] if prefix == "spkg" else URIRef(PREFIXES[prefix] + local)


def declared_variable(ctx: Context, variable_id: str) -> URIRef | None:
    """The node an aggregates.csv `variable` names when it is no variable of the ontology: the
    review's declared variable (None for a core one, which the ontology's individual names)."""
    if ctx.vocab.individual(ctx.spkg.aboutVariable, variable_id) is not None:
        return None
    if variable_id in declarations(ctx.data):
        return ctx.minter.variable(variable_id)
    return None


def map_variables(ctx: Context) -> None:
    """Every declared variable and every value of one."""
    declared = declarations(ctx.data)
    for declaration in declared.values():
        _declaration(ctx, declaration)
    for value in variable_values(ctx.data):
        _value(ctx, value)


def _declaration(ctx: Context, d: Declaration) -> None:
    s = ctx.spkg
    iri = ctx.minter.variable(d.variable_id)
    row = d.row
    if row is None:
        # Declared by a superseded column: the format's own declaration, on the review's row.
        node = ctx.node(iri, ctx.data.review, s.TopicVariable, main=False)
        ctx.add(node, PROV.wasDerivedFrom, ctx.review)
        ctx.add(ctx.review, s.declaresVariable, node)
        facts: list[tuple[URIRef, Node]] = [
            (SKOS.notation, Literal(d.variable_id)),
            (RDFS.label, Literal(d.label)),
            (SKOS.prefLabel, Literal(d.label)),
            (s.variableLevel, Literal(d.level)),
            (s.variableDatatype, Literal(d.datatype)),
            *((s.allowedCategory, Literal(c)) for c in d.categories),
        ]
        if d.definition:
            facts.append((SKOS.definition, Literal(d.definition)))
        if d.term:
            facts.append((s.variableTerm, term_iri(ctx, d.term)))
        for p, o in facts:
            ctx.add(node, p, o)
        return
    node = ctx.node(iri, row, s.TopicVariable)
    ctx.add(ctx.review, s.declaresVariable, node)
    ctx.cell(node, SKOS.notation, row, "variable_id", [Literal(d.variable_id)])
    ctx.cell(node, s.variableLevel, row, "level", [Literal(d.level)])
    ctx.cell(node, s.variableDatatype, row, "datatype", [Literal(d.datatype)])
    ctx.cell(node, s.allowedCategory, row, "categories", [Literal(c) for c in d.categories])
    if d.unit:
        ctx.cell(node, s.variableUnit, row, "unit", [Literal(d.unit)])
    for column, predicates in _DECLARATION_TERMS.items():
        for p in predicates:
            ctx.cell(node, p, row, column, literals(row.cells[column]))
    if d.term:
        ctx.cell(node, s.variableTerm, row, "term", [term_iri(ctx, d.term)])


def _target(ctx: Context, d: Declaration, target_id: str) -> URIRef:
    if d.level == "review":
        return ctx.review
    if d.level == "study":
        return ctx.minter.study(target_id)
    return ctx.minter.inclusion(target_id)


def _literal(v: VariableValue) -> Literal:
    if v.column != "value":
        return literals(v.row.cells[v.column])[0]
    datatype = _DATATYPES.get(v.declaration.datatype)
    value = v.value
    if datatype is XSD.boolean:
        return Literal(bool(value), datatype=datatype)
    if datatype is XSD.integer:
        return Literal(int(str(value)), datatype=datatype)
    if datatype is XSD.decimal:
        return Literal(Decimal(str(value)), datatype=datatype)
    if datatype is XSD.gYear:
        return Literal(str(value), datatype=datatype)
    return Literal(str(value))


def _value(ctx: Context, v: VariableValue) -> None:
    s, d, row = ctx.spkg, v.declaration, v.row
    iri = ctx.minter.variable_value(d.variable_id, v.target_id)
    main = v.column == "value"
    node = ctx.node(iri, row, s.VariableValue, main=main)
    if not main:
        ctx.add(node, PROV.wasDerivedFrom, ctx.review)
    ctx.add(node, s.ofVariable, ctx.minter.variable(d.variable_id))
    target = _target(ctx, d, v.target_id)
    ctx.add(node, s.valueFor, target)
    literal = _literal(v)
    ctx.cell(node, RDF.value, row, v.column, [literal])
    if d.term:
        _term_statement(ctx, d, target, row, v.column, literal)


def _term_statement(
    ctx: Context, d: Declaration, target: URIRef, row: Row, column: str, literal: Literal
) -> None:
    """The value stated with the variable's term: the ontology's individual of a category (by
    its skos:notation in the term's range) where the term takes individuals."""
    p = term_iri(ctx, d.term or "")
    if ctx.vocab.takes_individual(p):
        found = ctx.vocab.individual(p, str(literal))
        ctx.cell(
            target, p, row, column, [found if found is not None else ctx.spkg[camel(str(literal))]]
        )
    else:
        ctx.cell(target, p, row, column, [literal])
