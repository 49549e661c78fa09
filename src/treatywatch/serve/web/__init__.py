"""Server-rendered pages: Jinja templates (autoescaped), static CSS and JS; no front-end build."""
