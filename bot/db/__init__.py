"""The project's own tables (content, staff, audit, insight labels) and their migrations."""
