"""The document-reading core: bytes in, a `ParsedPlan` out. Plain Python, no Django.

`parse.read_document` checks and reads a file into a `Document` (tables and paragraphs);
`layout.layout_plan` turns a `Document` into a `ParsedPlan`. The Django side (upload pages,
the worker task, the loader that writes models) lives in the `importers` package around it.
"""
