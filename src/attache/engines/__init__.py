"""Engines run the pipeline over many articles: local worker processes or a Dask cluster.

Both share one batch contract, :func:`attache.engines.worker.code_batch`: a list of
Articles (and Rejections, passed through) in, the same number of CodedArticles and
Rejections out, in order. The coder behind it is built once per process by
:func:`attache.engines.worker.worker_coder`.
"""
