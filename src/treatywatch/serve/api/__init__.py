"""The REST API: one FastAPI app (app.py) and one router module per resource."""
