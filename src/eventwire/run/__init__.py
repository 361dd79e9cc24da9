"""Runners: where batches are processed. Every runner calls the same pure batch function
(:func:`eventwire.pipeline.process_batch`), so the place work runs never changes a record.

* :mod:`eventwire.run.local`: this process, or a pool of worker processes on this machine.
* a Spark runner (planned) calls :func:`~eventwire.pipeline.process_batch` per partition.
"""

from __future__ import annotations

from .local import BatchProcessor, PipelineProcessor, as_processor, extract_paths, run_local

__all__ = ["BatchProcessor", "PipelineProcessor", "as_processor", "extract_paths", "run_local"]
