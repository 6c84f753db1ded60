"""Characters: person mentions, and (in modules of their own) the cast built from them."""

from ficlens.cast.persons import persons_stage

__all__ = ["persons_stage"]
