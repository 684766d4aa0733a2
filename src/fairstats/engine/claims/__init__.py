"""The claims of a release, by family: each printed figure, stated relation and structural fact
as a statement of the engine, which says how it constrains the quantities and judges itself."""
