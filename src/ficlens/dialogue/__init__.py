"""Dialogue: what kind each quotation is, its explicit speech tag and its vocatives."""

from __future__ import annotations

from ficlens.dialogue.kinds import KINDS, SCARE, KindDecision, classify
from ficlens.dialogue.stage import speech_stage

__all__ = ["KINDS", "SCARE", "KindDecision", "classify", "speech_stage"]
