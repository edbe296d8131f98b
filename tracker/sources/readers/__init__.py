"""Readers: one module per format, each turning bytes into a `ReadDocument` of blocks."""
