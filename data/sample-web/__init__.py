"""The sample web's files, shipped as the package data of `linktrail.sampleweb` (pyproject.toml)."""
