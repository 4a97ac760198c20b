"""The inventory: aggregated findings, their rule mapping, and the files a scan writes."""
