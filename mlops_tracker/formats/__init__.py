"""File formats: the curriculum seed and the export document, validated with pydantic."""
