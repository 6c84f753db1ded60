"""Evaluation against annotated corpora (LitBank, PDNC) kept beside the project, never shipped."""
