"""Local servers that speak CBS's OData and DUO's CKAN in their real shapes, for the tests and benchmarks only.

They are not part of the installed package: a user never needs them. ``tests/`` finds them through the pytest
``pythonpath`` setting; the benchmarks put the repository root on ``sys.path``.
"""
