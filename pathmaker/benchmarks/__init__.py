"""Benchmarks: `pathmaker bench <target>` commands that print `name: value unit` figures."""
