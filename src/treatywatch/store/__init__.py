"""Storage: SQLAlchemy tables, Alembic migrations and the repository functions."""
