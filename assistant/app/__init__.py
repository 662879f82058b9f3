"""The application layer: the service facade (``service.Assistant``), the serving runtime
(index snapshots, rebuild jobs, uploads, feedback), the views that turn records into plain
data, drafting and checking from plain fields, and answer streaming. The API, the web UI, the
CLI and the evals all use it; it knows nothing of HTTP."""
