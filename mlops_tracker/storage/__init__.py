"""SQLAlchemy storage: models, engine, queries returning domain objects."""
