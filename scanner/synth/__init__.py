"""Synthetic Estonian test data: valid identifiers of fake people and look-alikes that must not match.

Used by sample_data/, tests, benchmarks and the evaluation corpus. Nothing
here describes a real person: codes are generated with valid checksums for
random dates, names are drawn from Faker's et_EE lists.
"""
