"""The pipeline: chains recognizers (pure) and the archive (storage) for one document."""
