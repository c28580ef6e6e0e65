"""Briefing-site generator: Chinese industry-event reports -> records -> a searchable static site."""

__version__ = "0.1.0"
