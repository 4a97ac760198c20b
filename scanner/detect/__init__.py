"""Detection: turns a Chunk of text into Findings, with a cheap prefilter in front of Presidio."""
