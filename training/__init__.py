"""Training data for accord's learned event model (issue 13): guide, stand-off annotations, tools."""
