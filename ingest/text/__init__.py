"""Text rules shared by the segmenter, the table readers and the extractors, each module
named for its rule: page furniture, wrapped lines, people and contents lines, report
periods, seed loading, and the one classification pass over a document's lines."""
