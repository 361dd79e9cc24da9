"""Runners: where batches of documents are processed (one process, a local pool, Apache Spark).

A runner only moves work; what a batch gives is decided by the pipeline. ``run.spark`` needs the
optional extra ``eventwire[spark]``; nothing else in this package imports PySpark.
"""
