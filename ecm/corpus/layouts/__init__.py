"""One module per document class; each draws a :class:`~ecm.corpus.model.Doc` on a Sheet."""
