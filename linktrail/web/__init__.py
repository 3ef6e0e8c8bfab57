"""`linktrail serve`: Datasette over the database, with linktrail's plugin (Today) and canned queries."""
