"""Attributes of coded articles: quotes, dates, quantities, places, equipment."""
