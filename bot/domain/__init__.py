"""Pure rules of Yrka: stdlib and pydantic only (a test walks the imports to keep it so)."""
