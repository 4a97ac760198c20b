"""A plugin package the cluster tests install on their Dask workers (tests/test_cluster.py).

Its recogniser misbehaves on purpose when it meets a marker in the text, so a
test can make an item kill or hang the worker that reads it; its recorders
keep what the scheduler and the workers saw, so a test can look for leaks.
"""
