"""Library-wide search, the part without a database: the query language and CJK bigrams.

`reader.search.query` turns what a person types into a parsed `Query`; `reader.search.fts`
turns that into FTS5 expressions that are always valid; `reader.search.grams` makes the
bigram tokens for scripts written without spaces. The services that run queries live in
`reader.store.search`.
"""
