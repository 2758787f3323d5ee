"""accord: news reports to political event data."""
