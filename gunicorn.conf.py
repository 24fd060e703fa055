"""gunicorn settings for Marquee (override any of them on the command line)."""
import multiprocessing
import os

bind = os.environ.get("MARQUEE_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("MARQUEE_WORKERS", min(4, multiprocessing.cpu_count())))
worker_class = "sync"
timeout = 30
graceful_timeout = 10
keepalive = 5
max_requests = 5000  # recycle workers now and then: bounded memory
max_requests_jitter = 500
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190
accesslog = os.environ.get("MARQUEE_ACCESS_LOG", "-")
errorlog = "-"
loglevel = "info"
